package dev.junction.adoption;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.ConsulHttp;
import dev.junction.testsupport.LoopbackPorts;
import dev.junction.testsupport.ManagedProcess;
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

	private static final Duration STARTUP = Duration.ofSeconds(180);

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	@RegisterExtension
	static PostgresDatabaseExtension database = new PostgresDatabaseExtension();

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final List<App> apps = new ArrayList<>();

	static App ordersV1;

	static App ordersV2;

	static App edge;

	@BeforeAll
	static void start() {
		Map<String, String> orders = new LinkedHashMap<>(consul.springProperties());
		orders.putAll(database.springProperties());
		orders.putAll(rabbit.springProperties());
		orders.put("shop.exchange", rabbit.exchange("shop.events"));
		orders.put("shop.queue", rabbit.queue("shop.order-placed"));
		ordersV1 = App.start("orders-v1", "orders-app", with(orders, "junction.instance.version", "v1"));
		ordersV2 = App.start("orders-v2", "orders-app", with(orders, "junction.instance.version", "v2"));
		Map<String, String> edgeProperties = new LinkedHashMap<>(consul.springProperties());
		edgeProperties.putAll(redis.springProperties());
		edgeProperties.put("junction.gateway.rate-limit.key-prefix", redis.keyPrefix());
		edge = App.start("edge", "edge-app", edgeProperties);
		ordersV1.awaitReady("/readyz", false);
		ordersV2.awaitReady("/readyz", false);
		edge.awaitReady("/readyz", true);
		// the edge is ready once it synced with the agent; both instances must be in its
		// lists
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(versionsSeen(Map.of("X-Canary", "always"), 5)).containsOnly("v2"));
	}

	@AfterAll
	static void stop() {
		apps.forEach(App::close);
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
		HttpResponse<String> placed = edge.send("/shop/orders", "POST", Map.of());
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(ordersV1.received() + ordersV2.received()).isEqualTo(1));
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
		assertThat(ordersV1.libraries()).contains("spring-rabbit-4.0.6.jar", "spring-amqp-4.0.6.jar",
				"reactor-core-3.8.8.jar", "netty-common-4.2.18.Final.jar");
		// edge-app: the BOMs imported, Junction's first
		assertThat(edge.libraries()).contains("reactor-netty-http-1.3.8.jar", "reactor-netty-core-1.3.8.jar",
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

	/** One of the outside apps, started from the jar its own build made. */
	static final class App implements AutoCloseable {

		private final Path jar;

		private final int port = LoopbackPorts.free();

		private final int managementPort = LoopbackPorts.free();

		private final ManagedProcess process;

		private App(String name, Path jar, Map<String, String> properties) {
			this.jar = jar;
			Map<String, String> all = new LinkedHashMap<>(properties);
			all.put("server.port", String.valueOf(this.port));
			all.put("management.server.port", String.valueOf(this.managementPort));
			this.process = ManagedProcess.builder(name, jar).properties(all).start();
		}

		static App start(String name, String project, Map<String, String> properties) {
			Path jar = Path.of(System.getProperty("adoption.projects", "target/it"), project, "target",
					project + ".jar");
			assertThat(jar).as("the outside project's jar: run ./mvnw -pl adoption-tests -am verify").exists();
			App app = new App(name, jar, properties);
			apps.add(app);
			return app;
		}

		void awaitReady(String probe, boolean onManagementPort) {
			this.process.awaitHttpOk("http://127.0.0.1:" + (onManagementPort ? this.managementPort : this.port) + probe,
					STARTUP);
		}

		HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
			return send(path, "GET", headers);
		}

		HttpResponse<String> getManagement(String path) throws Exception {
			return call(URI.create("http://127.0.0.1:" + this.managementPort + path), "GET", Map.of());
		}

		HttpResponse<String> send(String path, String method, Map<String, String> headers) throws Exception {
			return call(URI.create("http://127.0.0.1:" + this.port + path), method, headers);
		}

		long received() throws Exception {
			String body = get("/shop/received", Map.of()).body();
			return Long.parseLong(body.replaceAll("\\D", ""));
		}

		/**
		 * The names of the jars on the app's runtime class path, as its build packed
		 * them.
		 */
		List<String> libraries() throws IOException {
			try (JarFile jarFile = new JarFile(this.jar.toFile())) {
				return jarFile.stream()
					.map((entry) -> entry.getName())
					.filter((name) -> name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar"))
					.map((name) -> name.substring("BOOT-INF/lib/".length()))
					.toList();
			}
		}

		private static HttpResponse<String> call(URI uri, String method, Map<String, String> headers) throws Exception {
			HttpRequest.Builder request = HttpRequest.newBuilder(uri)
				.timeout(Duration.ofSeconds(20))
				.method(method, HttpRequest.BodyPublishers.noBody());
			headers.forEach(request::header);
			return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}

		@Override
		public void close() {
			this.process.close();
		}

	}

}
