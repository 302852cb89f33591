/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.RedisNamespaceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two user-service instances, {@code v1} and {@code v2} (profile {@code v2}) from the
 * same code, in one JVM and sharing PostgreSQL, Redis and RabbitMQ as two deployments
 * would.
 */
class TwoUserServiceInstancesTests {

	@RegisterExtension
	static PostgresDatabaseExtension database = new PostgresDatabaseExtension();

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	static ConfigurableApplicationContext v1;

	static ConfigurableApplicationContext v2;

	@BeforeAll
	static void startBothVersions() {
		v1 = start();
		v2 = start("--spring.profiles.active=v2");
	}

	@AfterAll
	static void stopBothVersions() {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { v1, v2 }) {
			if (context != null) {
				context.close();
			}
		}
	}

	@Test
	void version2ShowsAGreetingAndVersion1DoesNot() {
		String location = create(client(v1), "Ada", "ada@example.org");

		client(v1).get().uri(location).exchange().expectBody().jsonPath("$.greeting").doesNotExist();
		client(v2).get().uri(location).exchange().expectBody().jsonPath("$.greeting").isEqualTo("Hello, Ada!");
	}

	@Test
	void anUpdateThroughOneInstanceIsVisibleThroughTheOtherAtOnce() throws Exception {
		String location = create(client(v1), "Grace", "grace@example.org");
		assertThat(name(v1, location)).isEqualTo("Grace");
		assertThat(name(v2, location)).isEqualTo("Grace");

		// a change behind the service's back stays
		// invisible: both instances answer from their caches
		String id = location.substring(location.lastIndexOf('/') + 1);
		IsolatedServers.execute(database, "update users set name = 'Not through the API' where id = " + id);
		assertThat(name(v1, location)).isEqualTo("Grace");
		assertThat(name(v2, location)).isEqualTo("Grace");

		client(v1).put()
			.uri(location)
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"name\": \"Grace Hopper\", \"email\": \"grace@example.org\"}")
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(name(v1, location)).isEqualTo("Grace Hopper");
		// "at once": the invalidation message, not the local entry's 60 s expiry
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(name(v2, location)).isEqualTo("Grace Hopper"));
	}

	private static String name(ConfigurableApplicationContext instance, String location) {
		return client(instance).get()
			.uri(location)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(Map.class)
			.getResponseBody()
			.get("name")
			.toString();
	}

	private static String create(RestTestClient client, String name, String email) {
		return client.post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"name\": \"" + name + "\", \"email\": \"" + email + "\"}")
			.exchange()
			.expectStatus()
			.isCreated()
			.returnResult()
			.getResponseHeaders()
			.getLocation()
			.toString();
	}

	private static RestTestClient client(ConfigurableApplicationContext instance) {
		String port = instance.getEnvironment().getRequiredProperty("local.server.port");
		return RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
	}

	private static ConfigurableApplicationContext start(String... extraArgs) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--management.server.port=0"));
		IsolatedServers.properties(database, redis, rabbit).forEach((key, value) -> args.add("--" + key + "=" + value));
		args.addAll(List.of(extraArgs));
		return new SpringApplicationBuilder(UserServiceApplication.class).bannerMode(Banner.Mode.OFF)
			.run(args.toArray(String[]::new));
	}

}
