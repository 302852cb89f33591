/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.junction.testsupport.LoopbackPorts;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.RedisNamespaceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * user-service where no Redis answers (its address is a port nothing listens on): it
 * starts, serves reads and writes from the database with its in-process cache level, and
 * says once that Redis is gone rather than once per read.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class UserApiWithoutRedisTests {

	@RegisterExtension
	static PostgresDatabaseExtension database = new PostgresDatabaseExtension();

	// only for the key prefix: the app is pointed away from Redis below
	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws IOException {
		Map<String, String> properties = IsolatedServers.properties(database, redis, rabbit);
		properties.put("spring.data.redis.host", "127.0.0.1");
		properties.put("spring.data.redis.port", Integer.toString(LoopbackPorts.free()));
		IsolatedServers.register(registry, properties);
	}

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
	void readsAndUpdatesWorkFromTheDatabaseAndRedisTroubleIsReportedOnce(CapturedOutput output) {
		List<String> locations = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			locations.add(this.client.post()
				.uri("/api/users")
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"name\": \"User " + i + "\", \"email\": \"user" + i + "@example.org\"}")
				.exchange()
				.expectStatus()
				.isCreated()
				.returnResult()
				.getResponseHeaders()
				.getLocation()
				.toString());
		}
		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < locations.size(); i++) {
				this.client.get()
					.uri(locations.get(i))
					.exchange()
					.expectStatus()
					.isOk()
					.expectBody()
					.jsonPath("$.email")
					.isEqualTo("user" + i + "@example.org");
			}
		}
		// an update is seen at once by this instance
		// (its own in-process entry is dropped)
		this.client.put().uri(locations.get(0)).contentType(MediaType.APPLICATION_JSON).body("""
				{"name": "Renamed", "email": "renamed@example.org"}""").exchange().expectStatus().isOk();
		this.client.get()
			.uri(locations.get(0))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("Renamed");

		long warnings = output.getOut()
			.lines()
			.filter((line) -> line.contains("reading the database and caching in process only"))
			.count();
		assertThat(warnings).as("warnings that Redis is gone, for 5 users read twice").isEqualTo(1);
	}

}
