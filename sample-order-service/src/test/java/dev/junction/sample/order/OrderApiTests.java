/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.starter.CorrelationIds;
import dev.junction.starter.JunctionHeaders;
import dev.junction.starter.messaging.MessagingHeaders;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order API over HTTP against real PostgreSQL and RabbitMQ, with user-service found
 * through the dev Consul agent.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class OrderApiTests {

	@RegisterExtension
	static PostgresDatabaseExtension database = new PostgresDatabaseExtension();

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	static UserServiceStub userService;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		IsolatedServers.register(registry, database, rabbit, consul);
	}

	@BeforeAll
	static void startUserService() throws Exception {
		userService = UserServiceStub.start();
		AgentRegistrations.registerUserService(consul, "user-service-stub", userService.port());
	}

	/**
	 * Stops the outbox relay before the extensions drop the database (the context itself
	 * closes after them), so it does not poll a database that is gone.
	 */
	@AfterAll
	static void stopUserServiceAndRelay(ApplicationContext context) {
		userService.close();
		context.getBean("junctionOutboxRelay", Lifecycle.class).stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	AmqpAdmin amqpAdmin;

	@Autowired
	RabbitTemplate rabbitTemplate;

	RestTestClient client;

	OrderPlacedQueue consumer;

	private final JsonMapper json = JsonMapper.builder().build();

	@BeforeEach
	void setUp() {
		this.client = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
		this.consumer = OrderPlacedQueue.declare(this.amqpAdmin, this.rabbitTemplate, rabbit.exchange("orders"),
				rabbit.queue("placed"));
	}

	@Test
	void aPlacedOrderCanBeReadBack() {
		EntityExchangeResult<Map> placed = place(7, "Teapot", 1, null).expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult();
		String location = placed.getResponseHeaders().getLocation().toString();

		this.client.get()
			.uri(location)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(placed.getResponseBody().get("id"))
			.jsonPath("$.userId")
			.isEqualTo(7)
			.jsonPath("$.product")
			.isEqualTo("Teapot")
			.jsonPath("$.quantity")
			.isEqualTo(1);
	}

	@Test
	void aPlacedOrderIsPublishedAsOrderPlacedOnceTheBrokerConfirmedIt() throws Exception {
		String orderId = (String) place(8, "Kettle", 2, null).expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id");

		Message message = this.consumer.receive(orderId);
		JsonNode event = this.json.readTree(message.getBody());
		assertThat(event.get("userId").asLong()).isEqualTo(8);
		assertThat(event.get("product").asString()).isEqualTo("Kettle");
		assertThat(event.get("quantity").asInt()).isEqualTo(2);
		assertThat(event.get("placedAt").asString()).isNotBlank();
		// written in the order's transaction, marked sent after the confirm, under the id
		// consumers dedupe by
		String messageId = message.getMessageProperties().getMessageId();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> IsolatedServers.count(database,
					"junction_outbox where sent_at is not null and id = '" + messageId + "'") == 1);
	}

	@Test
	void theVersionChosenAtTheEdgeTravelsToUserServiceAndOnTheEvent() {
		String orderId = placedWithHeader(JunctionHeaders.VERSION, "v2", 12, "Saucer");

		assertThat(userService.versionAsked(12)).isEqualTo("v2");
		assertThat(this.consumer.receive(orderId).getMessageProperties().<String>getHeader(MessagingHeaders.VERSION))
			.isEqualTo("v2");
	}

	@Test
	void aClientsOverlongCorrelationIdDoesNotFailTheOrderAndIsNotCarriedOn() {
		String sent = "c".repeat(300);
		String orderId = placedWithHeader(JunctionHeaders.CORRELATION_ID, sent, 13, "Jug");

		String carried = this.consumer.receive(orderId).getMessageProperties().getCorrelationId();
		assertThat(carried).isNotEqualTo(sent);
		assertThat(CorrelationIds.isAcceptable(carried)).isTrue();
	}

	@Test
	void aRepeatedPostWithTheSameIdempotencyKeyReturnsTheFirstOrder() throws Exception {
		long orders = IsolatedServers.count(database, "orders");
		String first = (String) place(9, "Mug", 3, "repeat-1").expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id");

		place(9, "Mug", 3, "repeat-1").expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Idempotent-Replayed", "true")
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(first);

		assertThat(IsolatedServers.count(database, "orders")).isEqualTo(orders + 1);
	}

	@Test
	void concurrentPostsWithTheSameIdempotencyKeyCreateOneOrderAndOneEvent() throws Exception {
		long orders = IsolatedServers.count(database, "orders");
		long events = IsolatedServers.count(database, "junction_outbox");
		int clients = 8;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<Map>> answers = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				Callable<Map> post = () -> {
					start.await();
					EntityExchangeResult<Map> result = place(10, "Spoon", 4, "concurrent-1").expectBody(Map.class)
						.returnResult();
					return Map.of("status", result.getStatus().value(), "id", result.getResponseBody().get("id"));
				};
				answers.add(pool.submit(post));
			}
			start.countDown();
			List<Map> results = new ArrayList<>();
			for (Future<Map> answer : answers) {
				results.add(answer.get(60, TimeUnit.SECONDS));
			}

			Set<Object> ids = results.stream().map((result) -> result.get("id")).collect(Collectors.toSet());
			assertThat(ids).hasSize(1);
			assertThat(results).filteredOn((result) -> result.get("status").equals(201)).hasSize(1);
			assertThat(results).filteredOn((result) -> result.get("status").equals(200)).hasSize(clients - 1);
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(IsolatedServers.count(database, "orders")).isEqualTo(orders + 1);
		assertThat(IsolatedServers.count(database, "junction_outbox")).isEqualTo(events + 1);
	}

	@Test
	void anIdempotencyKeyReusedForADifferentOrderIsRejected() throws Exception {
		place(11, "Plate", 1, "reused-1").expectStatus().isCreated();
		long orders = IsolatedServers.count(database, "orders");

		place(11, "Plate", 2, "reused-1").expectStatus()
			.isEqualTo(422)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

		assertThat(IsolatedServers.count(database, "orders")).isEqualTo(orders);
	}

	@Test
	void anOrderForAUserThatUserServiceDoesNotKnowIsRejectedAndNotStored() throws Exception {
		long orders = IsolatedServers.count(database, "orders");
		long events = IsolatedServers.count(database, "junction_outbox");

		place(UserServiceStub.UNKNOWN_USER, "Cup", 1, null).expectStatus()
			.isEqualTo(422)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.errors.userId")
			.exists();

		assertThat(IsolatedServers.count(database, "orders")).isEqualTo(orders);
		assertThat(IsolatedServers.count(database, "junction_outbox")).isEqualTo(events);
	}

	/** Places an order of one with a header and returns its id. */
	private String placedWithHeader(String name, String value, long userId, String product) {
		return (String) this.client.post()
			.uri("/api/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.header(name, value)
			.body(Map.of("userId", userId, "product", product, "quantity", 1))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id");
	}

	private RestTestClient.ResponseSpec place(long userId, String product, int quantity, String idempotencyKey) {
		RestTestClient.RequestBodySpec request = this.client.post()
			.uri("/api/orders")
			.contentType(MediaType.APPLICATION_JSON);
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return request.body(Map.of("userId", userId, "product", product, "quantity", quantity)).exchange();
	}

}
