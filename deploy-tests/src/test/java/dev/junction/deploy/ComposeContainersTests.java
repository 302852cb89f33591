/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.LoopbackPorts;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitVirtualHostExtension;
import dev.junction.testsupport.RedisNamespaceExtension;
import dev.junction.testsupport.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit's containers as docker-compose.yml runs them (same images, environment, memory
 * limits, healthchecks, grace period), here started by podman on the host's network with
 * the compose file's addresses pointed at this host's PostgreSQL, Redis and RabbitMQ (one
 * database, key prefix and virtual host of this class's) and at a dev Consul agent in
 * place of the Consul container. The apps keep their compose ports (8080-8083, management
 * 9080-9083), which the healthchecks name.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeContainersTests {

	private static final List<String> SERVICES = List.of("user-service-v1", "user-service-v2", "order-service",
			"gateway");

	/**
	 * Compose's start_period (90 s) and retries, with room for four JVMs starting at once
	 * on 2 cores that other builds keep busy (seen: over 4 minutes).
	 */
	private static final Duration HEALTHY = Duration.ofMinutes(8);

	private static final String EDGE = "http://127.0.0.1:8080";

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	@RegisterExtension
	static PostgresDatabaseExtension usersDatabase = new PostgresDatabaseExtension();

	@RegisterExtension
	static PostgresDatabaseExtension ordersDatabase = new PostgresDatabaseExtension();

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	@RegisterExtension
	static RabbitVirtualHostExtension rabbit = new RabbitVirtualHostExtension();

	static final Map<String, AppContainer> containers = new LinkedHashMap<>();

	@BeforeAll
	static void startTheApps() {
		Map<String, Map<String, Object>> apps = ComposeFile.render().apps();
		requireFreePorts(8080, 8081, 8082, 8083, 9080, 9081, 9082, 9083);
		for (String service : SERVICES) {
			Map<String, Object> definition = apps.get(service);
			String image = ContainerImages.of(Yaml.stringAt(definition, "build", "args", "MODULE"));
			Map<String, String> environment = HostServers.environment(ComposeFile.environment(definition), consul,
					usersDatabase, ordersDatabase, redis, rabbit);
			System.out.printf("==> podman run %s (%s)%n", service, image);
			containers.put(service, AppContainer.start(service, definition, image, environment));
		}
		for (AppContainer container : containers.values()) {
			Duration took = container.awaitHealthy(HEALTHY);
			System.out.printf("==> %s healthy by %s after %d s%n", container.service(), container.healthcheck(),
					took.toSeconds());
		}
	}

	@AfterAll
	static void removeTheContainers() {
		containers.values().forEach(AppContainer::close);
	}

	@Test
	@Order(1)
	void everyAppRunsAsUser10001OnAReadOnlyRootFilesystemWithinItsMemoryLimitFromItsAotCache() {
		for (AppContainer container : containers.values()) {
			assertThat(container.exec("sh", "-c", "grep '^Uid:' /proc/1/status"))
				.as("the JVM's user in %s", container.service())
				.matches("Uid:\\s+10001\\s+10001\\s+10001\\s+10001\\s*");
			assertThat(container.state("{{.HostConfig.ReadonlyRootfs}}")).isEqualTo("true");
			// a cache the JVM refused (another JVM, changed jars) would only be a warning
			assertThat(container.exec("sh", "-c", "grep -c ' /app/application.aot$' /proc/1/maps || true").strip())
				.as("regions of the image's AOT cache the JVM of %s maps", container.service())
				.isNotEqualTo("0");
			// cgroup v2, else v1
			assertThat(container
				.exec("sh", "-c",
						"cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes")
				.strip()).as("the memory limit of %s (compose's mem_limit 768m)", container.service())
				.isEqualTo(Long.toString(768L * 1024 * 1024));
		}
	}

	@Test
	@Order(2)
	void everyAppRegistersInTheAgentWithItsVersionAndZone() {
		assertThat(metadata(AgentRegistry.passing(consul, "sample-user-service"))).containsExactlyInAnyOrder(
				Map.of("version", "v1", "zone", "compose"), Map.of("version", "v2", "zone", "compose"));
		assertThat(metadata(AgentRegistry.passing(consul, "sample-order-service")))
			.containsExactly(Map.of("version", "v1", "zone", "compose"));
	}

	@Test
	@Order(3)
	void theGatewayRoutesToBothUserServiceVersions() throws Exception {
		long user = createUser();
		assertThat(versionAnswering(user, "always")).as("X-Canary: always").isEqualTo("v2");
		assertThat(versionAnswering(user, "never")).as("X-Canary: never").isEqualTo("v1");
	}

	/**
	 * R1 in containers: {@code podman stop} of the stable user-service under 50 GET/s
	 * through the gateway's container (once it takes that rate without failures) fails no
	 * request, the instance leaves the agent before its port closes, and it exits within
	 * the compose grace period (no SIGKILL).
	 */
	@Test
	@Order(4)
	void stoppingAUserServiceContainerFailsNoRequestAndItLeavesTheAgentBeforeItsPortCloses() throws Exception {
		long user = createUser();
		AppContainer stable = containers.get("user-service-v1");
		try (EdgeLoad load = EdgeLoad.start(http, EDGE + "/api/users/" + user, 50)) {
			// five seconds without a failure first: JVMs that just started (and share 2
			// cores) need a while to take 50 GET/s
			load.awaitSteady(Duration.ofMinutes(3), 250);
			load.awaitAnswersFrom(Duration.ofSeconds(60), Map.of("v1", 50, "v2", 10));
			StopWatch watch = StopWatch.watch(
					() -> AgentRegistry.registeredPorts(consul, "sample-user-service").contains(8081),
					() -> portOpen(8081));
			long started = System.nanoTime();
			int exitCode = stable.stop();
			Duration stopping = Duration.ofNanos(System.nanoTime() - started);
			watch.stop();
			System.out.printf(
					"==> %s stopped in %d ms (exit code %d); it left the agent after %d ms and closed its"
							+ " port after %d ms%n",
					stable.service(), stopping.toMillis(), exitCode, watch.firstFalse(0).toMillis(),
					watch.firstFalse(1).toMillis());
			load.keepGoing(Duration.ofSeconds(3));
			EdgeLoad.Result result = load.stop();
			assertThat(result.failures())
				.as("requests that failed while %s stopped (of %d)", stable.service(), result.sent())
				.isEmpty();
			assertThat(result.answersAfterStop()).as("answers after the stop").allMatch("v2"::equals);
			assertThat(exitCode).as("exit code (137: SIGKILLed after the grace period)").isNotEqualTo(137);
			assertThat(stopping).isLessThan(stable.gracePeriod());
			assertThat(watch.firstFalse(0)).as("when it left the agent, compared with when its port closed")
				.isLessThan(watch.firstFalse(1));
		}
	}

	private static List<Map<String, Object>> metadata(List<Map<String, Object>> services) {
		return services.stream().map((service) -> {
			Map<String, Object> meta = Yaml.mapAt(service, "Meta");
			return Map.<String, Object>of("version", String.valueOf(meta.get("version")), "zone",
					String.valueOf(meta.get("zone")));
		}).toList();
	}

	private static long createUser() throws IOException, InterruptedException {
		String email = "ada-" + System.nanoTime() + "@example.com";
		HttpRequest request = HttpRequest.newBuilder(URI.create(EDGE + "/api/users"))
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(20))
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Ada\",\"email\":\"" + email + "\"}"))
			.build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("POST /api/users through the gateway: %s", response.body()).isEqualTo(201);
		return ((Number) Yaml.document(response.body()).get("id")).longValue();
	}

	/**
	 * The version that answered a GET with the canary header; asked again for up to a
	 * minute while the answer is not a 200 (the first calls through JVMs that just
	 * started on 2 busy cores can outlast the route's 5 s response timeout: seen once).
	 */
	private static String versionAnswering(long user, String canary) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(EDGE + "/api/users/" + user))
			.header("X-Canary", canary)
			.timeout(Duration.ofSeconds(20))
			.build();
		long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		while (response.statusCode() != 200 && System.nanoTime() < deadline) {
			Thread.sleep(1000); // before asking again
			response = http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		assertThat(response.statusCode()).as("GET /api/users/%d: %s", user, response.body()).isEqualTo(200);
		return response.headers().firstValue("Junction-Instance-Version").orElse(null);
	}

	private static boolean portOpen(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void requireFreePorts(int... ports) {
		for (int port : ports) {
			if (!LoopbackPorts.isFree(port)) {
				String message = "Port " + port + " is in use, and the containers keep docker-compose.yml's ports on"
						+ " the host's network: stop what listens there (ss -ltnp 'sport = :" + port + "') and rerun";
				if (TestServers.requireServers()) {
					Assertions.fail(message);
				}
				Assumptions.abort(message);
			}
		}
	}

}
