/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.LoopbackPorts;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * order-service where no RabbitMQ answers (its address is a port nothing listens on):
 * orders are still accepted and stored, their events wait in the outbox, and the health
 * details say so while the instance stays ready.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "management.endpoint.health.show-details=always" })
@DirtiesContext
class OrderApiWithoutBrokerTests {

	@RegisterExtension
	static PostgresDatabaseExtension database = new PostgresDatabaseExtension();

	// only for the exchange names: the app is pointed away from the broker below
	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	static UserServiceStub userService;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		IsolatedServers.register(registry, database, rabbit, consul);
		int closedPort = LoopbackPorts.free();
		registry.add("spring.rabbitmq.host", () -> "127.0.0.1");
		registry.add("spring.rabbitmq.port", () -> closedPort);
	}

	@BeforeAll
	static void startUserService() throws Exception {
		userService = UserServiceStub.start();
		AgentRegistrations.registerUserService(consul, "user-service-stub", userService.port());
	}

	@AfterAll
	static void stopUserServiceAndRelay(ApplicationContext context) {
		userService.close();
		context.getBean("junctionOutboxRelay", Lifecycle.class).stop();
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void ordersAreAcceptedAndTheirEventsWaitInTheOutboxWhichTheHealthDetailsSay() throws Exception {
		RestTestClient client = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		for (int i = 0; i < 3; i++) {
			client.post()
				.uri("/api/orders")
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("userId", 7, "product", "Teapot " + i, "quantity", 1))
				.exchange()
				.expectStatus()
				.isCreated();
		}
		assertThat(IsolatedServers.count(database, "orders")).isEqualTo(3);
		assertThat(IsolatedServers.count(database, "junction_outbox where sent_at is null")).isEqualTo(3);

		RestTestClient management = RestTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.managementPort)
			.build();
		JsonMapper json = JsonMapper.builder().build();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			String body = management.get()
				.uri("/actuator/health")
				.exchange()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			JsonNode outbox = json.readTree(body).path("components").path("outbox").path("details");
			assertThat(outbox.path("pending").asInt()).isEqualTo(3);
			assertThat(outbox.path("broker").asString()).contains("events wait in the outbox");
		});
		// still takes traffic: a broker outage is not an order-service outage
		client.get().uri("/readyz").exchange().expectStatus().isOk();
	}

}
