/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.it.EdgeTraffic.Answer;
import dev.junction.testsupport.AppInstance;
import dev.junction.testsupport.ConsulHttp;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.RedisNamespaceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import static dev.junction.it.Deployment.USER_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateway replicas, each a real process with its packaged configuration (the demo
 * policy: stable {@code v1}, canary {@code v2} at weight 20, header {@code X-Canary},
 * sticky by {@code X-User-Id}), in front of user-service {@code v1} and {@code v2}: the
 * split, stickiness and overrides a client sees, live policy changes in Consul KV under
 * traffic, and an instance killed under traffic. Which version answered is the backend's
 * own {@code Junction-Instance-Version}; what the backend received is its Tomcat access
 * log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayCanaryTests {

	private static final Logger logger = LoggerFactory.getLogger(GatewayCanaryTests.class);

	private static final String POLICY_KEY = "junction/policies/" + USER_SERVICE;

	/**
	 * What the gateway promises of a policy change: in force on every replica within 2 s.
	 */
	private static final Duration POLICY_PROPAGATION = Duration.ofSeconds(2);

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	@RegisterExtension
	static PostgresDatabaseExtension usersDatabase = new PostgresDatabaseExtension();

	@RegisterExtension
	static PostgresDatabaseExtension ordersDatabase = new PostgresDatabaseExtension();

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	static AgentCatalog agent;

	static Path accessLogs;

	static AppInstance userV1;

	static AppInstance userV2;

	static AppInstance gatewayA;

	static AppInstance gatewayB;

	static String userPath;

	@BeforeAll
	static void deploy() throws IOException {
		agent = new AgentCatalog(consul);
		Deployment deployment = new Deployment(consul, usersDatabase, ordersDatabase, redis, rabbit,
				rabbit.springProperties());
		accessLogs = Path.of("target", "access-logs", GatewayCanaryTests.class.getSimpleName()).toAbsolutePath();
		deleteRecursively(accessLogs);
		// started together: the JVMs warm up in parallel
		userV1 = deployment.startUserService("user-v1", "v1", accessLog("v1"));
		userV2 = deployment.startUserService("user-v2", "v2", accessLog("v2"));
		Map<String, String> unlimited = Map.of("junction.gateway.rate-limit.enabled", "false");
		gatewayA = deployment.startGateway("gateway-a", unlimited);
		gatewayB = deployment.startGateway("gateway-b", unlimited);
		userV1.awaitReady();
		userV2.awaitReady();
		gatewayA.awaitReady();
		gatewayB.awaitReady();
		agent.awaitPassing(USER_SERVICE, userV1, userV2);
		userPath = "/api/users/" + SampleApi.createUser(userV1, "edge-" + UUID.randomUUID());
		// both replicas see both versions (their instance lists are fresh) and are warm
		for (AppInstance gateway : List.of(gatewayA, gatewayB)) {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> "v2".equals(EdgeTraffic.get(gateway.url(userPath), "X-Canary", "always").version())
						&& "v1".equals(EdgeTraffic.get(gateway.url(userPath), "X-Canary", "never").version()));
		}
		EdgeTraffic.parallel(500, 8, (i) -> EdgeTraffic.get(replica(i).url(userPath)));
		logger.info("Deployed user-service v1 (port {}) and v2 (port {}) behind gateways on ports {} and {}",
				userV1.port(), userV2.port(), gatewayA.port(), gatewayB.port());
	}

	@AfterAll
	static void stop() {
		ConsulHttp.deleteKv(consul.baseUrl(), POLICY_KEY);
		AppInstance.closeAll(gatewayA, gatewayB, userV1, userV2);
	}

	@Test
	@Order(1)
	void withoutAStickyKeyOneRequestInFiveGoesToTheCanary() {
		long started = System.nanoTime();
		List<Answer> answers = EdgeTraffic.parallel(10_000, 12, (i) -> EdgeTraffic.get(replica(i).url(userPath)));
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(answers).hasSize(10_000);
		assertThat(answers.stream().filter((answer) -> !answer.ok()).limit(5)).as("failed requests").isEmpty();
		long v2 = answers.stream().filter((answer) -> "v2".equals(answer.version())).count();
		long v1 = answers.stream().filter((answer) -> "v1".equals(answer.version())).count();
		double share = 100.0 * v2 / answers.size();
		logger.info("10,000 requests without a sticky key in {} ms: v2 answered {} ({} %), v1 {}", took.toMillis(), v2,
				String.format("%.2f", share), v1);
		assertThat(v1 + v2).isEqualTo(10_000);
		assertThat(share).as("percent of requests v2 answered at weight 20").isBetween(18.5, 21.5);
	}

	@Test
	@Order(2)
	void theSameUserAlwaysLandsOnTheSameVersionOnEitherReplica() {
		List<Answer> answers = EdgeTraffic.parallel(1000, 8,
				(i) -> EdgeTraffic.get(replica(i).url(userPath), "X-User-Id", "user-" + (i % 200)));
		assertThat(answers.stream().filter((answer) -> !answer.ok()).limit(5)).as("failed requests").isEmpty();
		Map<String, Set<String>> versionsByUser = new HashMap<>();
		for (int i = 0; i < answers.size(); i++) {
			versionsByUser.computeIfAbsent("user-" + (i % 200), (key) -> new HashSet<>()).add(answers.get(i).version());
		}
		assertThat(versionsByUser).hasSize(200);
		List<String> flipped = versionsByUser.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().size() > 1)
			.map(Map.Entry::getKey)
			.toList();
		long canaryUsers = versionsByUser.values().stream().filter((versions) -> versions.equals(Set.of("v2"))).count();
		logger.info("200 users x 5 requests over both replicas: {} users always on v2, {} on v1, {} flipped",
				canaryUsers, 200 - canaryUsers - flipped.size(), flipped.size());
		assertThat(flipped).as("users who saw both versions").isEmpty();
		// the weight holds for users too (20 % of 200; far outside this band is a bug)
		assertThat(canaryUsers).isBetween(20L, 60L);
	}

	@Test
	@Order(3)
	void theCanaryHeaderDecidesAndAVersionSentByTheClientNeverReachesTheBackend() {
		List<Answer> always = EdgeTraffic.parallel(50, 4,
				(i) -> EdgeTraffic.get(replica(i).url(userPath), "X-Canary", "always"));
		List<Answer> never = EdgeTraffic.parallel(50, 4,
				(i) -> EdgeTraffic.get(replica(i).url(userPath), "X-Canary", "never"));
		assertThat(always).extracting(Answer::version).containsOnly("v2");
		assertThat(never).extracting(Answer::version).containsOnly("v1");

		// a client's Junction-Version is dropped:
		// the backend receives the gateway's choice
		String probe = UUID.randomUUID().toString();
		List<Answer> forgedV2 = EdgeTraffic.parallel(20, 4,
				(i) -> EdgeTraffic.get(replica(i).url(userPath + "?probe=" + probe + "-never"), "X-Canary", "never",
						"Junction-Version", "v2"));
		List<Answer> forgedV1 = EdgeTraffic.parallel(20, 4,
				(i) -> EdgeTraffic.get(replica(i).url(userPath + "?probe=" + probe + "-always"), "X-Canary", "always",
						"Junction-Version", "v1"));
		assertThat(forgedV2).extracting(Answer::version).containsOnly("v1");
		assertThat(forgedV1).extracting(Answer::version).containsOnly("v2");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(accessLogLines("v1", probe)).hasSize(20)
				.allSatisfy((line) -> assertThat(line).contains(probe + "-never").endsWith("junction-version=v1"));
			assertThat(accessLogLines("v2", probe)).hasSize(20)
				.allSatisfy((line) -> assertThat(line).contains(probe + "-always").endsWith("junction-version=v2"));
		});
		logger.info("X-Canary always: 50 x v2, never: 50 x v1; 40 requests with a forged Junction-Version reached "
				+ "the version the gateway chose, carrying the gateway's Junction-Version");
	}

	@Test
	@Order(4)
	void eachReplicaPublishesItsRequestsPerServiceVersionAndOutcomeForPrometheusOnItsManagementPortOnly() {
		for (AppInstance gateway : List.of(gatewayA, gatewayB)) {
			List<String> series = Http.get(gateway.managementUrl("/actuator/prometheus"))
				.body()
				.lines()
				.filter((line) -> line.startsWith("spring_cloud_gateway_requests_seconds_count{"))
				.filter((line) -> line.contains("routeId=\"" + USER_SERVICE + "\"")
						&& line.contains("service=\"" + USER_SERVICE + "\"") && line.contains("outcome=\"SUCCESSFUL\""))
				.toList();
			assertThat(series).as("request series of %s", gateway.name())
				.anySatisfy((line) -> assertThat(line).contains("version=\"v1\""))
				.anySatisfy((line) -> assertThat(line).contains("version=\"v2\""));
			assertThat(Http.get(gateway.url("/actuator/prometheus")).statusCode()).as("on the edge port")
				.isEqualTo(404);
		}
	}

	@Test
	@Order(5)
	void aPolicyWrittenToConsulChangesTheSplitOnBothReplicasWithinTwoSecondsAndFailsNoRequest() {
		try (EdgeTraffic.Background traffic = EdgeTraffic.background(4,
				(i) -> EdgeTraffic.get(replica(i).url(userPath)))) {
			await().atMost(Duration.ofSeconds(10)).until(() -> traffic.answers().size() > 100);

			long toCanary = putPolicy(100);
			awaitPolicyOnBothReplicas("\"canaryWeight\":100");
			pause(toCanary, Duration.ofSeconds(4));
			long toStable = putPolicy(0);
			awaitPolicyOnBothReplicas("\"canaryWeight\":0");
			pause(toStable, Duration.ofSeconds(4));

			// an invalid document is rejected with its reason, and weight 0 stays
			long invalid = System.nanoTime();
			ConsulHttp.putKv(consul.baseUrl(), POLICY_KEY, "{\"stableVersion\": \"v1\", \"canaryWeight\": 20");
			List<String> reasons = new ArrayList<>();
			for (AppInstance gateway : List.of(gatewayA, gatewayB)) {
				JsonNode rejection = await().atMost(Duration.ofSeconds(10))
					.until(() -> policyState(gateway).get("lastRejection"), (node) -> node != null && !node.isNull());
				reasons.add(rejection.get("reason").asString());
				assertThat(policyState(gateway).get("source").asString()).isEqualTo("consul");
				assertThat(policyState(gateway).get("policy").get("canaryWeight").asInt()).isZero();
			}
			long rejected = System.nanoTime();
			pause(rejected, Duration.ofSeconds(2));
			List<Answer> afterRejection = since(traffic.answers(), rejected);
			assertThat(afterRejection).isNotEmpty().extracting(Answer::version).containsOnly("v1");

			// deleting the key returns to the configured policy (weight 20)
			ConsulHttp.deleteKv(consul.baseUrl(), POLICY_KEY);
			for (AppInstance gateway : List.of(gatewayA, gatewayB)) {
				await().atMost(Duration.ofSeconds(10))
					.until(() -> policyState(gateway).get("source").asString().equals("configuration"));
			}
			long deleted = System.nanoTime();
			await().atMost(Duration.ofSeconds(30)).until(() -> since(traffic.answers(), deleted).size() >= 1000);
			List<Answer> all = traffic.stop();

			List<Answer> configured = since(all, deleted);
			double configuredShare = 100.0 * configured.stream().filter((a) -> "v2".equals(a.version())).count()
					/ configured.size();
			Duration canaryA = propagation(all, gatewayA, toCanary, toStable, "v1");
			Duration canaryB = propagation(all, gatewayB, toCanary, toStable, "v1");
			Duration stableA = propagation(all, gatewayA, toStable, invalid, "v2");
			Duration stableB = propagation(all, gatewayB, toStable, invalid, "v2");
			logger.info("{} requests during the policy changes; weight 20 -> 100 changed the split within {} ms on "
					+ "gateway-a and {} ms on gateway-b, 100 -> 0 within {} and {} ms; invalid document rejected: {}; "
					+ "after deleting the key v2 answered {} % of {} requests", all.size(), canaryA.toMillis(),
					canaryB.toMillis(), stableA.toMillis(), stableB.toMillis(), reasons,
					String.format("%.1f", configuredShare), configured.size());
			assertThat(all.stream().filter((answer) -> !answer.ok()).limit(5)).as("failed requests").isEmpty();
			assertThat(List.of(canaryA, canaryB, stableA, stableB))
				.as("time from writing the policy until a replica answered no request by the old split")
				.allSatisfy((took) -> assertThat(took).isLessThanOrEqualTo(POLICY_PROPAGATION));
			assertThat(configuredShare).isBetween(14.0, 26.0);
		}
	}

	@Test
	@Order(6)
	void killingOneOfTwoInstancesUnderLoadFailsNoGet() {
		List<Answer> answers;
		try (EdgeTraffic.Background traffic = EdgeTraffic.background(6,
				(i) -> EdgeTraffic.get(replica(i).url(userPath)))) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> traffic.answers().stream().filter((a) -> "v1".equals(a.version())).count() > 200);
			// v1 takes 80 % of the traffic: kill it, and its requests must go elsewhere
			logger.info("Killing {} (SIGKILL) under traffic", userV1.name());
			long killed = System.nanoTime();
			userV1.kill();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> agent.passingPorts(USER_SERVICE).equals(List.of(userV2.port())));
			long critical = System.nanoTime();
			logger.info("The agent shows {} critical {} ms after the kill", userV1.name(),
					Duration.ofNanos(critical - killed).toMillis());
			await().atMost(Duration.ofSeconds(30)).until(() -> since(traffic.answers(), critical).size() > 500);
			answers = traffic.stop();
			List<Answer> afterKill = since(answers, killed);
			List<Answer> beforeCritical = afterKill.stream().filter((answer) -> answer.sentNanos() < critical).toList();
			logger.info(
					"{} GETs through the gateways, {} of them sent after the kill ({} before the agent showed it "
							+ "critical); failed: {}",
					answers.size(), afterKill.size(), beforeCritical.size(),
					answers.stream().filter((answer) -> !answer.ok()).count());
			assertThat(answers.stream().filter((answer) -> !answer.ok()).limit(5)).as("failed GETs").isEmpty();
			// requests the gateway still routed to the
			// dead instance's version: they were retried
			assertThat(beforeCritical).as("GETs sent while the agent still showed the dead instance").isNotEmpty();
			assertThat(since(answers, critical)).extracting(Answer::version).containsOnly("v2");
		}
	}

	private static AppInstance replica(int i) {
		return (i % 2 == 0) ? gatewayA : gatewayB;
	}

	private static Map<String, String> accessLog(String version) {
		return Map.of("server.tomcat.accesslog.enabled", "true", "server.tomcat.accesslog.directory",
				accessLogs.resolve(version).toString(), "server.tomcat.accesslog.buffered", "false",
				"server.tomcat.accesslog.pattern", "%r junction-version=%{Junction-Version}i");
	}

	private static List<String> accessLogLines(String version, String text) throws IOException {
		Path directory = accessLogs.resolve(version);
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		List<String> lines = new ArrayList<>();
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.toList()) {
				Files.readAllLines(file).stream().filter((line) -> line.contains(text)).forEach(lines::add);
			}
		}
		return lines;
	}

	private static long putPolicy(int weight) {
		long written = System.nanoTime();
		ConsulHttp.putKv(consul.baseUrl(), POLICY_KEY,
				"{\"stableVersion\": \"v1\", \"canaryVersion\": \"v2\", \"canaryWeight\": " + weight + "}");
		return written;
	}

	private static void awaitPolicyOnBothReplicas(String text) {
		for (AppInstance gateway : List.of(gatewayA, gatewayB)) {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> Http.get(gateway.managementUrl("/actuator/junctionpolicies")).body().contains(text));
		}
	}

	private static JsonNode policyState(AppInstance gateway) {
		return Http.getJson(gateway.managementUrl("/actuator/junctionpolicies")).get("services").get(USER_SERVICE);
	}

	/**
	 * How long after a policy was written a replica still answered by the old split: from
	 * the write until the last answer of the old version arrived (zero if none did),
	 * among the answers sent before the next change.
	 */
	private static Duration propagation(List<Answer> answers, AppInstance gateway, long written, long nextChange,
			String oldVersion) {
		return answers.stream()
			.filter((answer) -> answer.url().startsWith(gateway.url("/")))
			.filter((answer) -> answer.receivedNanos() > written && answer.sentNanos() < nextChange)
			.filter((answer) -> oldVersion.equals(answer.version()))
			.max(Comparator.comparingLong(Answer::receivedNanos))
			.map((answer) -> Duration.ofNanos(answer.receivedNanos() - written))
			.orElse(Duration.ZERO);
	}

	private static List<Answer> since(List<Answer> answers, long nanos) {
		return answers.stream().filter((answer) -> answer.sentNanos() > nanos).toList();
	}

	private static void pause(long since, Duration duration) {
		long remaining = since + duration.toNanos() - System.nanoTime();
		if (remaining > 0) {
			try {
				Thread.sleep(Duration.ofNanos(remaining).toMillis() + 1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				try {
					Files.delete(path);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		}
	}

}
