/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.adoption;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.AppInstance;
import dev.junction.testsupport.ConsulHttp;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.RedisNamespaceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two projects of another team, built outside this reactor against Junction's installed
 * artifacts only (the BOM and the two starters), run together as a user would run them: a
 * dev agent, {@code orders-app} as {@code v1} and {@code v2}, and {@code edge-app} in
 * front of them with its own route names, canary policy and rate limit.
 */
class AdoptionTests {

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	@RegisterExtension
	static PostgresDatabaseExtension database = new PostgresDatabaseExtension();

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	private static final List<AppInstance> apps = new ArrayList<>();

	static AppInstance ordersV1;

	static AppInstance ordersV2;

	static AppInstance edge;

	@BeforeAll
	static void start() {
		Map<String, String> orders = new LinkedHashMap<>(consul.springProperties());
		orders.putAll(database.springProperties());
		orders.putAll(rabbit.springProperties());
		orders.put("shop.exchange", rabbit.exchange("shop.events"));
		orders.put("shop.queue", rabbit.queue("shop.order-placed"));
		ordersV1 = startApp("orders-v1", "orders-app", with(orders, "junction.instance.version", "v1"), false);
		ordersV2 = startApp("orders-v2", "orders-app", with(orders, "junction.instance.version", "v2"), false);
		Map<String, String> edgeProperties = new LinkedHashMap<>(consul.springProperties());
		edgeProperties.putAll(redis.springProperties());
		edgeProperties.put("junction.gateway.rate-limit.key-prefix", redis.keyPrefix());
		edge = startApp("edge", "edge-app", edgeProperties, true);
		ordersV1.awaitReady();
		ordersV2.awaitReady();
		edge.awaitReady();
		// the edge is ready once it synced with the
		// agent; both instances must be in its lists
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(versionsSeen(Map.of("X-Canary", "always"), 5)).containsOnly("v2"));
	}

	@AfterAll
	static void stop() {
		apps.forEach(AppInstance::close);
	}

	@Test
	void theCanaryHeaderReachesTheCanaryAndItsNeverValueTheStableVersion() throws Exception {
		assertThat(versionsSeen(Map.of("X-Canary", "always"), 10)).containsOnly("v2");
		assertThat(versionsSeen(Map.of("X-Canary", "never"), 10)).containsOnly("v1");
		assertThat(versionsSeen(Map.of(), 10)).as("canary weight 0 in edge-app's application.yml").containsOnly("v1");
	}

	@Test
	void aPolicyWrittenToConsulKvAppliesWithoutARestart() throws Exception {
		ConsulHttp.putKv(consul.baseUrl(), "junction/policies/orders-app",
				"{\"stableVersion\":\"v2\",\"canaryVersion\":\"v1\",\"canaryWeight\":0}");
		try {
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(versionsSeen(Map.of(), 10)).containsOnly("v2"));
		}
		finally {
			ConsulHttp.deleteKv(consul.baseUrl(), "junction/policies/orders-app");
		}
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(versionsSeen(Map.of(), 10)).containsOnly("v1"));
	}

	@Test
	void theRateLimitedRouteAnswers429WithRetryAfterOnceItsBucketIsEmpty() throws Exception {
		List<Integer> statuses = new ArrayList<>();
		HttpResponse<String> limited = null;
		for (int i = 0; i < 10 && limited == null; i++) {
			HttpResponse<String> answer = edge.get("/shop/limited/hello", Map.of());
			statuses.add(answer.statusCode());
			if (answer.statusCode() == 429) {
				limited = answer;
			}
		}
		assertThat(statuses).as("capacity 3 in edge-app's application.yml").startsWith(200, 200, 200).contains(429);
		assertThat(limited.headers().firstValue("Retry-After")).isPresent();
		assertThat(limited.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		// the bucket is the shared one in Redis, not the local one a replica falls back
		// to while Redis cannot run the starter's token script
		assertThat(redis.keys()).as("rate-limit buckets in Redis").isNotEmpty();
	}

	@Test
	void anEncodedTraversalIs400AndActuatorIsNotOnTheEdgePort() throws Exception {
		assertThat(edge.get("/shop/%2e%2e/actuator/env", Map.of()).statusCode()).isEqualTo(400);
		assertThat(edge.get("/actuator/health", Map.of()).statusCode()).isEqualTo(404);
		assertThat(edge.getManagement("/actuator/health").statusCode()).isEqualTo(200);
	}

	@Test
	void theJunctionBreakerAndRetriesStandBesideTheTeamsOwnDefaultFilter() throws Exception {
		HttpResponse<String> answer = edge.get("/shop/hello", Map.of());
		assertThat(answer.headers().firstValue("X-Served-By")).hasValue("edge-app");
		String routes = edge.getManagement("/actuator/gateway/routes").body();
		assertThat(routes).contains("AddResponseHeader").contains("CircuitBreaker").contains("Retry");
	}

	@Test
	void anOutboxEventIsPublishedAndAnotherInstanceIsCalledThroughTheLoadBalancedClient() throws Exception {
		HttpResponse<String> placed = edge.send("POST", "/shop/orders", Map.of());
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(received(ordersV1) + received(ordersV2)).isEqualTo(1));
		// the load-balanced client of v1 prefers the version the request carries: none
		// here, so either
		HttpResponse<String> peer = ordersV1.get("/shop/peer", Map.of());
		assertThat(peer.statusCode()).as(peer.body()).isEqualTo(200);
		assertThat(peer.body()).containsPattern("\"version\":\"v[12]\"");
	}

	@Test
	void theAppsRunWithTheVersionsJunctionIsTestedWithNotBootsOwn() throws Exception {
		// orders-app: under spring-boot-starter-parent, the imported BOM wins for what
		// Boot manages through BOMs
		assertThat(libraries(ordersV1)).contains("spring-rabbit-4.0.6.jar", "spring-amqp-4.0.6.jar",
				"reactor-core-3.8.8.jar", "netty-common-4.2.18.Final.jar");
		// edge-app: the BOMs imported, Junction's first
		assertThat(libraries(edge)).contains("reactor-netty-http-1.3.8.jar", "reactor-netty-core-1.3.8.jar",
				"netty-codec-http-4.2.18.Final.jar");
	}

	private static List<String> versionsSeen(Map<String, String> headers, int requests) throws Exception {
		List<String> versions = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			HttpResponse<String> answer = edge.get("/shop/hello", headers);
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
			versions.add(answer.body().replaceAll(".*\"version\":\"([^\"]+)\".*", "$1"));
		}
		return versions;
	}

	private static Map<String, String> with(Map<String, String> properties, String key, String value) {
		Map<String, String> all = new LinkedHashMap<>(properties);
		all.put(key, value);
		return all;
	}

	/**
	 * Starts one of the outside apps from the jar its own build made.
	 * @param name short name for logs
	 * @param project the outside project, such as {@code orders-app}
	 * @param properties Spring properties
	 * @param readinessOnManagementPort whether its {@code /readyz} is on the management
	 * port
	 * @return the starting app
	 */
	private static AppInstance startApp(String name, String project, Map<String, String> properties,
			boolean readinessOnManagementPort) {
		Path jar = Path.of(System.getProperty("adoption.projects", "target/it"), project, "target", project + ".jar");
		assertThat(jar).as("the outside project's jar: run ./mvnw -pl adoption-tests -am verify").exists();
		AppInstance.Builder builder = AppInstance.jar(name, jar).properties(properties);
		if (readinessOnManagementPort) {
			builder.readinessOnManagementPort("/readyz");
		}
		AppInstance app = builder.start();
		apps.add(app);
		return app;
	}

	private static long received(AppInstance app) {
		String body = app.get("/shop/received", Map.of()).body();
		return Long.parseLong(body.replaceAll("\\D", ""));
	}

	/**
	 * The names of the jars on an app's runtime class path, as its build packed them.
	 */
	private static List<String> libraries(AppInstance app) throws IOException {
		try (JarFile jarFile = new JarFile(app.jar().toFile())) {
			return jarFile.stream()
				.map((entry) -> entry.getName())
				.filter((name) -> name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar"))
				.map((name) -> name.substring("BOOT-INF/lib/".length()))
				.toList();
		}
	}

}
