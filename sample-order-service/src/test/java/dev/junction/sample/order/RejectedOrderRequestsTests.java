/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.RawHttpExchange;
import dev.junction.testsupport.SilentServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.context.ApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Order requests the service rejects, each with a problem and without writing an order or
 * an event: bad input, and orders user-service cannot confirm, which get the documented
 * fallback (503 problem, {@code Retry-After}) within seconds instead of hanging the
 * client. No user-service instance is registered unless a test registers one.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class RejectedOrderRequestsTests {

	/** Generous for a busy machine; the configured worst case is about 2 x 2 s. */
	static final Duration BOUND = Duration.ofSeconds(10);

	@RegisterExtension
	static PostgresDatabaseExtension database = new PostgresDatabaseExtension();

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		IsolatedServers.register(registry, database, rabbit, consul);
	}

	@AfterAll
	static void stopRelay(ApplicationContext context) {
		context.getBean("junctionOutboxRelay", Lifecycle.class).stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	LoadBalancerClient loadBalancer;

	RestTestClient client;

	@BeforeEach
	void client() {
		this.client = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@Test
	void withNoUserServiceInstanceAnOrderGetsTheFallbackWithinSeconds() throws Exception {
		assertFallbackWithinBound();
	}

	@Test
	void withAUserServiceThatAcceptsConnectionsButNeverAnswersAnOrderGetsTheFallbackWithinSeconds() throws Exception {
		try (SilentServer silent = SilentServer.start()) {
			AgentRegistrations.registerUserService(consul, "silent-user-service", silent.port());
			try {
				// the instance list follows Consul through
				// a watch: wait until it has the silent one
				await().atMost(Duration.ofSeconds(30)).until(() -> {
					ServiceInstance chosen = this.loadBalancer.choose(AgentRegistrations.USER_SERVICE);
					return chosen != null && chosen.getPort() == silent.port();
				});
				assertFallbackWithinBound();
				assertThat(silent.accepted()).as("connections the silent user-service accepted").isPositive();
			}
			finally {
				AgentRegistrations.deregister(consul, "silent-user-service");
			}
		}
	}

	@ParameterizedTest(name = "{0} → {3}")
	@MethodSource("badRequests")
	void aBadRequestIsAnsweredWithAProblemAndWritesNothing(String what, HttpMethod method, String path, int status,
			String field, MediaType contentType, String body, String idempotencyKey) throws Exception {
		long orders = IsolatedServers.count(database, "orders");
		long events = IsolatedServers.count(database, "junction_outbox");
		RestTestClient.RequestBodySpec request = this.client.method(method).uri(path);
		if (contentType != null) {
			request.contentType(contentType);
		}
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		if (body != null) {
			request.body(body);
		}
		RestTestClient.BodyContentSpec response = request.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status);
		if (field != null) {
			response.jsonPath("$.errors['" + field + "']").exists();
		}
		assertThat(IsolatedServers.count(database, "orders")).as("orders after %s", what).isEqualTo(orders);
		assertThat(IsolatedServers.count(database, "junction_outbox")).as("events after %s", what).isEqualTo(events);
	}

	@Test
	void anIdempotencyKeyOutsidePrintableAsciiIsAProblemAndWritesNothing() throws Exception {
		long orders = IsolatedServers.count(database, "orders");
		String body = "{\"userId\": 1, \"product\": \"Cup\", \"quantity\": 1}";
		// by hand: HTTP clients replace such a character before it leaves
		RawHttpExchange answer = RawHttpExchange.send(this.port,
				"POST /api/orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
						+ "Idempotency-Key: key-\u00e9\r\nContent-Length: " + body.length()
						+ "\r\nConnection: close\r\n\r\n" + body);
		assertThat(answer.status()).as(answer.head()).isEqualTo(400);
		assertThat(answer.header("Content-Type")).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		assertThat(answer.body()).contains("\"Idempotency-Key\"");
		assertThat(IsolatedServers.count(database, "orders")).isEqualTo(orders);
	}

	static Stream<Arguments> badRequests() {
		MediaType json = MediaType.APPLICATION_JSON;
		HttpMethod post = HttpMethod.POST;
		String orders = "/api/orders";
		String valid = """
				{"userId": 1, "product": "Cup", "quantity": 1}""";
		return Stream.of(arguments("no user", post, orders, 400, "userId", json, """
				{"product": "Cup", "quantity": 1}""", null),
				arguments("user id zero", post, orders, 400, "userId", json, """
						{"userId": 0, "product": "Cup", "quantity": 1}""", null),
				arguments("blank product", post, orders, 400, "product", json, """
						{"userId": 1, "product": "", "quantity": 1}""", null),
				arguments("product too long", post, orders, 400, "product", json,
						"{\"userId\": 1, \"product\": \"" + "x".repeat(101) + "\", \"quantity\": 1}", null),
				arguments("quantity zero", post, orders, 400, "quantity", json, """
						{"userId": 1, "product": "Cup", "quantity": 0}""", null),
				arguments("quantity too large", post, orders, 400, "quantity", json, """
						{"userId": 1, "product": "Cup", "quantity": 1001}""", null),
				arguments("quantity not a number", post, orders, 400, "quantity", json, """
						{"userId": 1, "product": "Cup", "quantity": "two"}""", null),
				arguments("malformed JSON", post, orders, 400, null, json, "{\"userId\": 1, \"product\"", null),
				arguments("no body", post, orders, 400, null, json, null, null),
				arguments("text instead of JSON", post, orders, 415, null, MediaType.TEXT_PLAIN, valid, null),
				arguments("NUL character in the product", post, orders, 400, "product", json, """
						{"userId": 1, "product": "Cu\\u0000p", "quantity": 1}""", null),
				arguments("fractional quantity", post, orders, 400, "quantity", json, """
						{"userId": 1, "product": "Cup", "quantity": 1.5}""", null),
				arguments("quantity as a string", post, orders, 400, "quantity", json, """
						{"userId": 1, "product": "Cup", "quantity": "2"}""", null),
				arguments("quantity given twice", post, orders, 400, "quantity", json, """
						{"userId": 1, "product": "Cup", "quantity": 1, "quantity": 900}""", null),
				arguments("product as a number", post, orders, 400, "product", json, """
						{"userId": 1, "product": 42, "quantity": 1}""", null),
				arguments("idempotency key too long", post, orders, 400, "Idempotency-Key", json, valid,
						"k".repeat(101)),
				arguments("method not allowed", HttpMethod.DELETE, orders, 405, null, null, null, null),
				arguments("read of an unknown id", HttpMethod.GET, orders + "/" + UUID.randomUUID(), 404, null, null,
						null, null),
				arguments("id that is not a UUID", HttpMethod.GET, orders + "/42", 400, null, null, null, null));
	}

	private void assertFallbackWithinBound() throws Exception {
		long orders = IsolatedServers.count(database, "orders");
		long started = System.nanoTime();

		this.client.post()
			.uri("/api/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("userId", 1, "product", "Cup", "quantity", 1))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("user-service unavailable, retry later");

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
		assertThat(IsolatedServers.count(database, "orders")).isEqualTo(orders);
	}

}
