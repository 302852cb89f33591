/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user;

import java.util.stream.Stream;

import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.RedisNamespaceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The user API over HTTP, against real PostgreSQL, Redis and RabbitMQ.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class UserApiTests {

	@RegisterExtension
	static PostgresDatabaseExtension database = new PostgresDatabaseExtension();

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		IsolatedServers.register(registry, IsolatedServers.properties(database, redis, rabbit));
	}

	/**
	 * Stops consuming before the extensions delete the queues (the context itself closes
	 * after them): a listener that loses its queue declares it again.
	 */
	@AfterAll
	static void stopListeningFirst(ApplicationContext context) {
		context.getBean(RabbitListenerEndpointRegistry.class).stop();
	}

	@LocalServerPort
	int port;

	RestTestClient client;

	@BeforeEach
	void client() {
		this.client = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@Test
	void aCreatedUserCanBeReadBackAndUpdated() {
		String location = this.client.post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body("""
					{"name": "Ada Lovelace", "email": "ada@example.org"}""")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("Ada Lovelace")
			.jsonPath("$.orderCount")
			.isEqualTo(0)
			.returnResult()
			.getResponseHeaders()
			.getLocation()
			.toString();
		assertThat(location).matches("/api/users/\\d+");

		this.client.get()
			.uri(location)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.email")
			.isEqualTo("ada@example.org")
			.jsonPath("$.greeting")
			.doesNotExist();

		this.client.put().uri(location).contentType(MediaType.APPLICATION_JSON).body("""
				{"name": "Ada King", "email": "ada.king@example.org"}""").exchange().expectStatus().isOk();

		this.client.get()
			.uri(location)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("Ada King")
			.jsonPath("$.email")
			.isEqualTo("ada.king@example.org");
	}

	@Test
	void aSecondUserWithTheSameEmailIsAConflictAndIsNotStored() throws Exception {
		String body = """
				{"name": "Grace Hopper", "email": "grace@example.org"}""";
		this.client.post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isCreated();
		long users = IsolatedServers.count(database, "users");

		this.client.post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(IsolatedServers.count(database, "users")).isEqualTo(users);
	}

	@ParameterizedTest(name = "{0} → {4}")
	@MethodSource("badRequests")
	void aBadRequestIsAnsweredWithAProblemAndWritesNothing(String what, HttpMethod method, String path,
			String contentType, int status, String field, String body) throws Exception {
		long existing = createUser();
		String before = read(existing);
		long users = IsolatedServers.count(database, "users");
		RestTestClient.RequestBodySpec request = this.client.method(method)
			.uri(path.replace("{existing}", Long.toString(existing)));
		if (contentType != null) {
			request.contentType(MediaType.parseMediaType(contentType));
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
			response.jsonPath("$.errors." + field).exists();
		}
		assertThat(IsolatedServers.count(database, "users")).as("users after %s", what).isEqualTo(users);
		assertThat(read(existing)).as("user after %s", what).isEqualTo(before);
	}

	static Stream<Arguments> badRequests() {
		String json = MediaType.APPLICATION_JSON_VALUE;
		return Stream.of(arguments("blank name", HttpMethod.POST, "/api/users", json, 400, "name", """
				{"name": " ", "email": "x@example.org"}"""),
				arguments("invalid email", HttpMethod.POST, "/api/users", json, 400, "email", """
						{"name": "X", "email": "not-an-email"}"""),
				arguments("name too long", HttpMethod.POST, "/api/users", json, 400, "name",
						"{\"name\": \"" + "x".repeat(101) + "\", \"email\": \"x@example.org\"}"),
				arguments("name of the wrong type", HttpMethod.POST, "/api/users", json, 400, "name", """
						{"name": {"first": "X"}, "email": "x@example.org"}"""),
				arguments("NUL character in the name", HttpMethod.POST, "/api/users", json, 400, "name", """
						{"name": "Ada\\u0000", "email": "nul@example.org"}"""),
				arguments("NUL character in an update", HttpMethod.PUT, "/api/users/{existing}", json, 400, "email", """
						{"name": "Ada", "email": "ada\\u0000@example.org"}"""),
				arguments("name as a number", HttpMethod.POST, "/api/users", json, 400, "name", """
						{"name": 42, "email": "number@example.org"}"""),
				arguments("name given twice", HttpMethod.POST, "/api/users", json, 400, "name", """
						{"name": "Ada", "name": "Eve", "email": "twice@example.org"}"""),
				arguments("method not allowed", HttpMethod.DELETE, "/api/users/{existing}", null, 405, null, null),
				arguments("malformed JSON", HttpMethod.POST, "/api/users", json, 400, null, """
						{"name": "X", "email": """),
				arguments("no body", HttpMethod.POST, "/api/users", json, 400, null, null),
				arguments("form instead of JSON", HttpMethod.POST, "/api/users",
						MediaType.APPLICATION_FORM_URLENCODED_VALUE, 415, null, "name=X&email=x%40example.org"),
				arguments("text instead of JSON", HttpMethod.PUT, "/api/users/{existing}", MediaType.TEXT_PLAIN_VALUE,
						415, null, "X"),
				arguments("invalid update", HttpMethod.PUT, "/api/users/{existing}", json, 400, "email", """
						{"name": "Changed", "email": ""}"""),
				arguments("update of an unknown id", HttpMethod.PUT, "/api/users/999999", json, 404, null, """
						{"name": "X", "email": "x@example.org"}"""),
				arguments("read of an unknown id", HttpMethod.GET, "/api/users/999999", null, 404, null, null),
				arguments("id that is not a number", HttpMethod.GET, "/api/users/abc", null, 400, null, null));
	}

	private long createUser() {
		String location = this.client.post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"name\": \"Existing\", \"email\": \"existing-" + System.nanoTime() + "@example.org\"}")
			.exchange()
			.expectStatus()
			.isCreated()
			.returnResult()
			.getResponseHeaders()
			.getLocation()
			.toString();
		return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
	}

	private String read(long id) {
		return this.client.get()
			.uri("/api/users/" + id)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseBody();
	}

}
