/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import dev.junction.testsupport.ProjectLayout;
import dev.junction.testsupport.ServerConnection;
import dev.junction.testsupport.TestServers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code ./run-local.sh}'s launcher as a user runs it: a real process that starts the
 * whole platform, answers through the gateway with both versions, carries an order's
 * event to user-service, publishes every metric the Grafana dashboard queries, stops
 * everything, in order, on SIGTERM or Ctrl-C's SIGINT, and starts again from the class
 * data sharing archives its first stop recorded.
 */
class LocalPlatformLaunchTests {

	private static final Duration STARTUP = Duration.ofMinutes(5);

	private static final Duration SHUTDOWN = Duration.ofMinutes(3);

	private static final List<String> APPS = List.of("gateway", "user-service-v1", "user-service-v2", "order-service");

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	private static ServerConnection postgres;

	private static ServerConnection rabbit;

	@BeforeAll
	static void localServers() {
		postgres = requireLocal(TestServers.postgresql());
		rabbit = requireLocal(TestServers.rabbitmq());
		requireLocal(TestServers.redis());
	}

	/** The launcher uses the servers on their default local ports, not containers. */
	private static ServerConnection requireLocal(ServerConnection server) {
		if (server.port() != server.kind().defaultPort() || !"127.0.0.1".equals(server.host())) {
			String message = "The launcher uses " + server.kind().displayName() + " on 127.0.0.1:"
					+ server.kind().defaultPort() + ", but the tests found " + server + ". Start it locally: "
					+ server.kind().startHint();
			if (TestServers.requireServers()) {
				fail(message);
			}
			Assumptions.abort(message);
		}
		return server;
	}

	@Test
	void badOptionsStartNothingAndSayWhatIsWrong() {
		try (LauncherProcess launcher = LauncherProcess.startWith("--port-offset=many")) {
			assertThat(launcher.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
			assertThat(launcher.output()).contains("--port-offset needs a whole number, not 'many'.")
				.contains("Nothing was started");
			assertThat(launcher.handle().descendants()).isEmpty();
		}
	}

	@Test
	void thePlatformServesBothVersionsCarriesOrderEventsExposesTheDashboardMetricsStopsInOrderOnSigtermAndStartsAgainFromItsArchives()
			throws Exception {
		try (LauncherProcess launcher = LauncherProcess.start()) {
			try {
				launcher.awaitReady(STARTUP);
				Ports ports = launcher.ports();
				String gateway = "http://127.0.0.1:" + ports.gateway();

				long user = createUser(gateway);
				assertThat(version(gateway + "/api/users/" + user, "always")).isEqualTo("v2");
				assertThat(version(gateway + "/api/users/" + user, "never")).isEqualTo("v1");
				Map<String, Integer> split = new LinkedHashMap<>();
				for (int i = 0; i < 60; i++) {
					split.merge(version(gateway + "/api/users/" + user, null), 1, Integer::sum);
				}
				// weight 20: no v2 in 60 draws has a probability of 0.8^60, about 1.5e-6
				assertThat(split).as("versions answering without a header").containsOnlyKeys("v1", "v2");

				placeOrderAndSeeItCounted(gateway, user);
				assertDashboardMetricsPresent(ports);

				List<ProcessHandle> descendants = launcher.handle().descendants().toList();
				assertThat(descendants).as("the four app JVMs run as the launcher's children")
					.hasSizeGreaterThanOrEqualTo(4);
				launcher.signal("TERM");
				launcher.awaitExit(SHUTDOWN);
				assertStoppedInOrder(launcher, descendants);
				assertThat(launcher.output()).as("the first run after a build records the apps' archives")
					.contains("gateway ready in", "(recording a class data sharing archive, written when it stops)");
				for (String app : APPS) {
					assertThat(launcher.output()).contains(app + ": class data sharing archive recorded (",
							"): the next run starts from it");
				}
				startAgainFromTheRecordedArchives(launcher);
			}
			finally {
				launcher.close();
				dropNames(launcher.prefix());
			}
		}
	}

	/**
	 * A second run in the same work directory: every app starts from the archive the
	 * first run recorded, as the JVM's own log says, and serves.
	 */
	private static void startAgainFromTheRecordedArchives(LauncherProcess first) throws Exception {
		try (LauncherProcess second = first.startAgain()) {
			second.awaitReady(STARTUP);
			for (String app : APPS) {
				assertThat(second.output()).as(app)
					.containsPattern(app + " ready in [0-9.]+ s on \\S+ \\(from the class data sharing archive of its"
							+ " last run\\)");
			}
			String gateway = "http://127.0.0.1:" + second.ports().gateway();
			long user = createUser(gateway);
			assertThat(version(gateway + "/api/users/" + user, "always")).isEqualTo("v2");
			assertThat(version(gateway + "/api/users/" + user, "never")).isEqualTo("v1");
			List<ProcessHandle> descendants = second.handle().descendants().toList();
			second.signal("TERM");
			second.awaitExit(SHUTDOWN);
			assertStoppedInOrder(second, descendants);
			assertThat(second.output()).doesNotContain("class data sharing archive recorded");
		}
	}

	@Test
	void onAnEmbeddedPostgresOrdersWorkAndCtrlCStopsEverything() throws Exception {
		try (LauncherProcess launcher = LauncherProcess.start("--embedded-postgres", "--no-class-sharing")) {
			try {
				launcher.awaitReady(STARTUP);
				assertThat(launcher.output()).as("--no-class-sharing starts the apps from their jars")
					.doesNotContain("class data sharing");
				assertThat(launcher.output()).contains("PostgreSQL: embedded PostgreSQL 127.0.0.1:");
				String gateway = "http://127.0.0.1:" + launcher.ports().gateway();
				long user = createUser(gateway);
				placeOrderAndSeeItCounted(gateway, user);

				Matcher embedded = Pattern.compile("embedded PostgreSQL 127\\.0\\.0\\.1:(\\d+)")
					.matcher(launcher.output());
				assertThat(embedded.find()).as(launcher.output()).isTrue();
				int embeddedPort = Integer.parseInt(embedded.group(1));
				assertThat(ServerProbe.postgres(embeddedPort)).isTrue();

				List<ProcessHandle> descendants = launcher.handle().descendants().toList();
				launcher.signal("INT");
				launcher.awaitExit(SHUTDOWN);
				assertStoppedInOrder(launcher, descendants);
				// pg_ctl daemonizes the postmaster (not a descendant): the launcher stops
				// it through pg_ctl
				assertThat(launcher.output()).contains("embedded PostgreSQL stopped");
				assertThat(ServerProbe.postgres(embeddedPort)).as("the embedded PostgreSQL still answers").isFalse();
			}
			finally {
				launcher.close();
				dropNames(launcher.prefix());
			}
		}
	}

	private static long createUser(String gateway) throws Exception {
		String email = "ada-" + UUID.randomUUID() + "@example.com";
		HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(gateway + "/api/users"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\",\"email\":\"" + email + "\"}")));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return json.readTree(created.body()).path("id").asLong();
	}

	private static void placeOrderAndSeeItCounted(String gateway, long user) throws Exception {
		HttpResponse<String> order = send(HttpRequest.newBuilder(URI.create(gateway + "/api/orders"))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"userId\":" + user + ",\"product\":\"book\",\"quantity\":1}")));
		assertThat(order.statusCode()).as(order.body()).isEqualTo(201);
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		int count = -1;
		while (System.nanoTime() < deadline) {
			// both versions must show it: the event
			// reached user-service and every cache let go
			int v1 = orderCount(gateway + "/api/users/" + user, "never");
			int v2 = orderCount(gateway + "/api/users/" + user, "always");
			count = Math.min(v1, v2);
			if (count == 1) {
				return;
			}
			Thread.sleep(250);
		}
		fail("user " + user + " still shows orderCount " + count + " 60 s after its order was placed");
	}

	private static int orderCount(String url, String canary) throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).header("X-Canary", canary));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body()).path("orderCount").asInt();
	}

	private static String version(String url, String canary) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
		if (canary != null) {
			request.header("X-Canary", canary);
		}
		HttpResponse<String> response = send(request);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.headers().firstValue("Junction-Instance-Version").orElse("(no Junction-Instance-Version)");
	}

	/**
	 * Every metric name the Grafana dashboard queries, in a live scrape of the app that
	 * produces it, after the traffic above.
	 */
	private static void assertDashboardMetricsPresent(Ports ports) throws Exception {
		Map<String, Integer> producers = new LinkedHashMap<>();
		producers.put("gateway", ports.gatewayManagement());
		producers.put("user-service-v1", ports.userV1Management());
		producers.put("user-service-v2", ports.userV2Management());
		producers.put("order-service", ports.orderManagement());
		Map<String, String> scrapes = new LinkedHashMap<>();
		for (Map.Entry<String, Integer> producer : producers.entrySet()) {
			HttpResponse<String> scrape = send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + producer.getValue() + "/actuator/prometheus")));
			scrapes.put(producer.getKey(), (scrape.statusCode() == 200) ? scrape.body()
					: "(GET /actuator/prometheus answered " + scrape.statusCode() + ")");
		}
		List<String> missing = new ArrayList<>();
		List<String> metrics = Files.readAllLines(ProjectLayout.root().resolve("docker/grafana/dashboard-metrics.txt"))
			.stream()
			.map(String::strip)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.toList();
		assertThat(metrics).as("metric names in docker/grafana/dashboard-metrics.txt").isNotEmpty();
		for (String metric : metrics) {
			for (String app : producersOf(metric)) {
				boolean present = scrapes.get(app)
					.lines()
					.anyMatch((line) -> line.startsWith(metric + "{") || line.startsWith(metric + " "));
				if (!present) {
					missing.add(metric + " in " + app + "'s scrape "
							+ scrapes.get(app).lines().filter((line) -> line.startsWith("(")).findFirst().orElse(""));
				}
			}
		}
		assertThat(missing).as("dashboard metrics absent from the live scrapes").isEmpty();
	}

	private static List<String> producersOf(String metric) {
		if (metric.startsWith("spring_cloud_gateway_") || metric.startsWith("junction_rollout_")) {
			return List.of("gateway");
		}
		if (metric.startsWith("http_server_requests_")) {
			return List.of("user-service-v1", "user-service-v2", "order-service");
		}
		throw new AssertionError("docker/grafana/dashboard-metrics.txt lists " + metric
				+ ", which this test does not know the producer of: add it to producersOf");
	}

	private static void assertStoppedInOrder(LauncherProcess launcher, List<ProcessHandle> descendants) {
		String output = launcher.output();
		assertThat(output).contains("Stopped everything in")
			.contains("dev Consul agent: all 3 instances deregistered themselves");
		int gatewayStopped = output.indexOf("gateway exited");
		int servicesStopped = output.indexOf("user-service-v1 exited");
		int agentStopped = output.indexOf("dev Consul agent stopped");
		assertThat(gatewayStopped).as("gateway stopped:\n" + output).isPositive();
		assertThat(servicesStopped).as("services stopped after the gateway:\n" + output).isGreaterThan(gatewayStopped);
		assertThat(agentStopped).as("the agent stopped last:\n" + output).isGreaterThan(servicesStopped);
		assertThat(descendants.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid))
			.as("descendants of the launcher still alive")
			.isEmpty();
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return http.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Drops the run's databases, queues and exchanges, so repeated runs leave nothing.
	 */
	private static void dropNames(String prefix) throws Exception {
		try (Connection connection = DriverManager.getConnection(
				"jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/postgres", postgres.username(),
				postgres.password()); Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + prefix + "_users");
			statement.execute("DROP DATABASE IF EXISTS " + prefix + "_orders");
		}
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(rabbit.host());
		factory.setPort(rabbit.port());
		factory.setUsername(rabbit.username());
		factory.setPassword(rabbit.password());
		try (com.rabbitmq.client.Connection connection = factory.newConnection("junction-launcher-test-cleanup");
				Channel channel = connection.createChannel()) {
			channel.queueDelete(prefix + ".order-placed.sample-user-service");
			channel.queueDelete(prefix + ".order-placed.sample-user-service.dlq");
			channel.exchangeDelete(prefix + ".orders");
			channel.exchangeDelete(prefix + ".dlx");
		}
	}

}
