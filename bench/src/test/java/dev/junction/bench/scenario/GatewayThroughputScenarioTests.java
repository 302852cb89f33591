/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.junction.bench.backend.FixedResponseBackend;
import dev.junction.bench.load.FixedRateLoad;
import dev.junction.bench.load.Sample;
import dev.junction.bench.report.Figure;
import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.AppInstance;
import dev.junction.testsupport.LoopbackPorts;
import dev.junction.testsupport.RedisNamespaceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * G1-G4: the gateway's throughput and latency against references measured in the same
 * run, with a {@link FixedResponseBackend} behind every path (registered in the dev agent
 * as {@code sample-user-service} v1 and v2, and as {@code bench-backend} without a
 * traffic policy). Throughput is wrk's (closed loop, {@value Wrk#CONNECTIONS}
 * connections); latency at a fixed rate is {@link FixedRateLoad}'s (open loop). Targets
 * are measured in turn within each round, and each ratio is the median of the rounds'.
 * <p>
 * Full suite only ({@code bench/run.sh}); needs wrk and nginx, which run.sh installs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayThroughputScenarioTests {

	private static final Logger logger = LoggerFactory.getLogger(GatewayThroughputScenarioTests.class);

	private static final int ROUNDS = 3;

	private static final Duration WARM_UP = Duration.ofSeconds(25);

	private static final Duration RUN = Duration.ofSeconds(8);

	private static final String PATH = "/api/users/1";

	private static final String NO_POLICY_SERVICE = "bench-backend";

	private static final String ROUTES = "spring.cloud.gateway.server.webflux.routes[0].";

	private static final String UNLIMITED = "1000000000";

	@RegisterExtension
	static DevConsulExtension consulAgent = new DevConsulExtension();

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	static FixedResponseBackend backend;

	static int backendPort;

	static AppInstance plain;

	static Nginx nginx;

	static double gatewayMax = Double.NaN;

	/** The full-chain gateway, started by G1 or G2 and kept warm for the other. */
	static AppInstance fullChain;

	static final Map<String, String> gatewayCommon = new LinkedHashMap<>();

	@BeforeAll
	static void deploy() {
		Assumptions.assumeTrue(Wrk.available() && Nginx.binary() != null,
				"wrk and nginx are needed: run bench/run.sh, which installs them");
		backendPort = LoopbackPorts.free();
		int canaryPort = LoopbackPorts.free();
		backend = new FixedResponseBackend(backendPort, canaryPort);
		Consul consul = new Consul(consulAgent);
		consul.register(EdgeDeployment.USER_SERVICE, "backend-v1", backendPort, "v1");
		consul.register(EdgeDeployment.USER_SERVICE, "backend-v2", canaryPort, "v2");
		consul.register(NO_POLICY_SERVICE, "bench-backend-1", backendPort, "v1");
		consul.awaitPassing(EdgeDeployment.USER_SERVICE, (ports) -> ports.size() == 2, Duration.ofSeconds(30));
		consul.awaitPassing(NO_POLICY_SERVICE, (ports) -> ports.size() == 1, Duration.ofSeconds(30));
		gatewayCommon.putAll(consulAgent.springProperties());
		gatewayCommon.putAll(redis.springProperties());
		gatewayCommon.put("junction.gateway.rate-limit.key-prefix", redis.keyPrefix() + "rate-limit:");
		// limits that never refuse: the cost of
		// asking Redis is measured, not the refusals
		gatewayCommon.put("junction.gateway.rate-limit.routes.sample-user-service.capacity", UNLIMITED);
		gatewayCommon.put("junction.gateway.rate-limit.routes.sample-user-service.refill-per-second", UNLIMITED);
		gatewayCommon.put("junction.gateway.rate-limit.routes.bench-users.capacity", UNLIMITED);
		gatewayCommon.put("junction.gateway.rate-limit.routes.bench-users.refill-per-second", UNLIMITED);

		Map<String, String> route = new LinkedHashMap<>();
		route.put(ROUTES + "id", "bench-users");
		route.put(ROUTES + "uri", "http://127.0.0.1:" + backendPort);
		route.put(ROUTES + "predicates[0]", "Path=/api/users/**");
		plain = Bench.appFromClasspath("plain-gateway", "dev.junction.bench.plain.PlainGatewayApplication")
			.properties(route)
			.readiness(PATH)
			.start();
		nginx = Nginx.start(backendPort);
		plain.awaitReady();
	}

	@AfterAll
	static void stop() {
		if (fullChain != null) {
			fullChain.close();
		}
		if (plain != null) {
			plain.close();
		}
		if (nginx != null) {
			nginx.close();
		}
		if (backend != null) {
			backend.close();
		}
	}

	private static AppInstance fullChain() {
		if (fullChain == null) {
			fullChain = startGateway("gateway-full", Map.of());
		}
		return fullChain;
	}

	private static AppInstance startGateway(String name, Map<String, String> extra) {
		Map<String, String> properties = new LinkedHashMap<>(gatewayCommon);
		properties.putAll(extra);
		return Bench.app(name, "gateway").properties(properties).readinessOnManagementPort("/readyz").start();
	}

	/**
	 * A gateway with every switchable feature off: one route to a service without policy.
	 */
	private static Map<String, String> bare() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("junction.gateway.rate-limit.enabled", "false");
		properties.put(ROUTES + "id", "bench-users");
		properties.put(ROUTES + "uri", "lb://" + NO_POLICY_SERVICE);
		properties.put(ROUTES + "predicates[0]", "Path=/api/users/**");
		properties.put("spring.cloud.gateway.server.webflux.default-filters", "");
		properties.put("spring.cloud.gateway.server.webflux.metrics.enabled", "false");
		properties.put("spring.cloud.gateway.server.webflux.observability.enabled", "false");
		return properties;
	}

	/**
	 * Warms every target up, then measures each in turn, {@value #ROUNDS} rounds.
	 * @param targets name → URL
	 * @return requests per second per target and round
	 */
	private static Rounds throughput(Map<String, String> targets, List<String> problems) {
		targets.forEach((name, url) -> {
			logger.info("Warming up {} ({} s)", name, WARM_UP.toSeconds());
			Wrk.run(url, WARM_UP);
		});
		Rounds rounds = new Rounds();
		for (int round = 1; round <= ROUNDS; round++) {
			for (Map.Entry<String, String> target : targets.entrySet()) {
				Wrk.Result result = Wrk.run(target.getValue(), RUN);
				logger.info("Round {} of {}: {}: {}", round, ROUNDS, target.getKey(), result);
				rounds.add(target.getKey(), result.perSecond());
				if (result.non2xx() > 0 || result.socketErrors() > 0) {
					problems.add(target.getKey() + " round " + round + ": " + result);
				}
			}
		}
		return rounds;
	}

	@Test
	@Order(1)
	@Tag("G1")
	void g1MaximumThroughputAgainstPlainRouteNginxAndTheBackend() throws IOException {
		AppInstance full = fullChain();
		AppInstance noRateLimit = startGateway("gateway-no-rl", Map.of("junction.gateway.rate-limit.enabled", "false"));
		try {
			full.awaitReady();
			noRateLimit.awaitReady();
			Map<String, String> targets = new LinkedHashMap<>();
			targets.put("backend directly", "http://127.0.0.1:" + backendPort + PATH);
			targets.put("nginx proxy_pass", nginx.url(PATH));
			targets.put("plain SCG route", plain.url(PATH));
			targets.put("Junction, no rate limit", noRateLimit.url(PATH));
			targets.put("Junction, full chain", full.url(PATH));
			List<String> problems = new ArrayList<>();
			Rounds rounds = throughput(targets, problems);
			gatewayMax = rounds.median("Junction, full chain");
			writeBars(targets.keySet(), rounds);
			String plainRps = "plain SCG route %.0f/s".formatted(rounds.median("plain SCG route"));
			String note = "wrk -t%d -c%d, %d × %d s rounds after an %d s warm-up per target; backend directly %.0f/s"
				.formatted(Wrk.THREADS, Wrk.CONNECTIONS, ROUNDS, RUN.toSeconds(), WARM_UP.toSeconds(),
						rounds.median("backend directly"))
					+ (problems.isEmpty() ? "" : "; errors: " + problems);
			double noRl = rounds.ratio("Junction, no rate limit", "plain SCG route");
			new Figure("G1a", "max throughput, full policy chain without rate limiting",
					"%.0f/s".formatted(rounds.median("Junction, no rate limit")), plainRps, "%.2f×".formatted(noRl),
					"≥ 1.0× plain route", Figure.met(noRl >= 1.0),
					note + "; rounds' ratios " + rounds.ratios("Junction, no rate limit", "plain SCG route"))
				.save();
			double withRl = rounds.ratio("Junction, full chain", "plain SCG route");
			new Figure("G1b", "max throughput, full policy chain (rate limit in Redis, canary choice, breaker, retry)",
					"%.0f/s".formatted(gatewayMax), plainRps, "%.2f×".formatted(withRl), "≥ 0.8× plain route",
					Figure.met(withRl >= 0.8),
					"rounds' ratios " + rounds.ratios("Junction, full chain", "plain SCG route"))
				.save();
			double vsNginx = rounds.ratio("Junction, full chain", "nginx proxy_pass");
			new Figure("G1c", "max throughput, full policy chain against nginx", "%.0f/s".formatted(gatewayMax),
					"nginx proxy_pass (keepalive) %.0f/s".formatted(rounds.median("nginx proxy_pass")),
					"%.2f×".formatted(vsNginx), "reported (aim ≥ 0.4×)", Figure.met(vsNginx >= 0.4),
					"rounds' ratios " + rounds.ratios("Junction, full chain", "nginx proxy_pass"))
				.save();
		}
		finally {
			noRateLimit.close();
		}
	}

	@Test
	@Order(2)
	@Tag("G2")
	void g2LatencyAtHalfTheGatewaysMaximumAgainstNginxAtTheSameRate() {
		AppInstance full = fullChain();
		full.awaitReady();
		if (Double.isNaN(gatewayMax)) {
			Wrk.run(full.url(PATH), WARM_UP);
			gatewayMax = Wrk.run(full.url(PATH), RUN).perSecond();
		}
		int rate = (int) Math.max(50, gatewayMax / 2);
		Duration duration = Duration.ofSeconds(15);
		Rounds p99 = new Rounds();
		List<String> problems = new ArrayList<>();
		Map<String, String> targets = Map.of("Junction, full chain", full.url(PATH), "nginx", nginx.url(PATH));
		targets.values().forEach((url) -> Wrk.run(url, Duration.ofSeconds(10)));
		for (int round = 1; round <= ROUNDS; round++) {
			for (Map.Entry<String, String> target : targets.entrySet()) {
				FixedRateLoad load = new FixedRateLoad(target.getKey() + " at " + rate + "/s",
						(sequence) -> FixedRateLoad.get(target.getValue(), Duration.ofSeconds(10)), rate, duration,
						5000);
				List<Sample> samples = load.start().awaitEnd();
				load.close();
				long failed = samples.stream().filter((sample) -> !sample.ok()).count();
				p99.add(target.getKey(), FixedRateLoad.histogram(samples).getValueAtPercentile(99) / 1000.0);
				if (failed > 0) {
					problems.add(target.getKey() + " round " + round + ": " + failed + " failed");
				}
			}
		}
		double ratio = p99.ratio("Junction, full chain", "nginx");
		new Figure("G2", "latency at a fixed %d/s (half the full chain's max), open loop".formatted(rate),
				"p99 %.1f ms".formatted(p99.median("Junction, full chain")),
				"nginx p99 %.1f ms".formatted(p99.median("nginx")), "%.2f×".formatted(ratio), "p99 ≤ 2× nginx's",
				Figure.met(ratio <= 2.0),
				"JDK HttpClient open-loop generator, latency from the intended send time (HdrHistogram); %d × %d s rounds after a 10 s wrk warm-up of each; rounds' ratios %s%s"
					.formatted(ROUNDS, duration.toSeconds(), p99.ratios("Junction, full chain", "nginx"),
							problems.isEmpty() ? "" : "; " + problems))
			.save();
	}

	@Test
	@Order(3)
	@Tag("G3")
	void g3CostOfEachFeatureAloneAgainstThePlainRoute() {
		Map<String, Map<String, String>> variants = new LinkedHashMap<>();
		variants.put("none", bare());
		Map<String, String> rateLimit = bare();
		rateLimit.put("junction.gateway.rate-limit.enabled", "true");
		variants.put("rate limit", rateLimit);
		Map<String, String> canary = bare();
		canary.put(ROUTES + "uri", "lb://" + EdgeDeployment.USER_SERVICE);
		variants.put("canary choice", canary);
		Map<String, String> breaker = bare();
		breaker.remove("spring.cloud.gateway.server.webflux.default-filters");
		breaker.put("spring.cloud.gateway.server.webflux.default-filters[0].name", "CircuitBreaker");
		variants.put("circuit breaker", breaker);
		Map<String, String> metrics = bare();
		// the request metrics as the gateway ships
		// them (its tracing observations stay off)
		metrics.put("spring.cloud.gateway.server.webflux.metrics.enabled", "true");
		variants.put("metrics", metrics);
		Map<String, AppInstance> gateways = new LinkedHashMap<>();
		try {
			variants.forEach((name, properties) -> gateways.put(name,
					startGateway("gateway-g3-" + name.replace(' ', '-'), properties)));
			gateways.values().forEach(AppInstance::awaitReady);
			Map<String, String> targets = new LinkedHashMap<>();
			targets.put("plain SCG route", plain.url(PATH));
			gateways.forEach((name, gateway) -> targets.put(name, gateway.url(PATH)));
			List<String> problems = new ArrayList<>();
			Rounds rounds = throughput(targets, problems);
			char suffix = 'a';
			for (String feature : variants.keySet()) {
				double ratio = rounds.ratio(feature, "plain SCG route");
				double target = "rate limit".equals(feature) ? 0.8 : 0.95;
				String scenario = "none".equals(feature)
						? "Junction gateway with every switchable feature off (edge hardening, route index, lb:// via Consul stay)"
						: "cost of " + feature + " alone";
				new Figure("G3" + suffix++, scenario, "%.0f/s".formatted(rounds.median(feature)),
						"plain SCG route %.0f/s".formatted(rounds.median("plain SCG route")), "%.2f×".formatted(ratio),
						"none".equals(feature) ? "– (baseline of the others)" : "≥ %.2f×".formatted(target),
						"none".equals(feature) ? "–" : Figure.met(ratio >= target),
						"rounds' ratios " + rounds.ratios(feature, "plain SCG route")
								+ (problems.isEmpty() ? "" : "; errors: " + problems))
					.save();
			}
		}
		finally {
			AppInstance.closeAll(new ArrayList<>(gateways.values()));
		}
	}

	@Test
	@Order(4)
	@Tag("G4")
	void g4AThousandRoutesCostLittleAgainstTen() throws IOException {
		AppInstance thousand = startGateway("gateway-1000-routes", routes(1000));
		AppInstance ten = startGateway("gateway-10-routes", routes(10));
		try {
			thousand.awaitReady();
			ten.awaitReady();
			Map<String, String> targets = new LinkedHashMap<>();
			targets.put("10 routes, last", ten.url("/api/r9/users/1"));
			targets.put("1,000 routes, last", thousand.url("/api/r999/users/1"));
			List<String> problems = new ArrayList<>();
			Rounds rounds = throughput(targets, problems);
			double ratio = rounds.ratio("1,000 routes, last", "10 routes, last");
			double loss = (1 - ratio) * 100;
			new Figure("G4", "1,000 routes, request matching the last one",
					"%.0f/s".formatted(rounds.median("1,000 routes, last")),
					"10 routes %.0f/s".formatted(rounds.median("10 routes, last")),
					"%.2f× (%.1f %% loss)".formatted(ratio, loss), "≤ 10 % throughput loss", Figure.met(loss <= 10),
					"routes /api/r{i}/** → lb://bench-backend, rate limiting off, the route index on (default); rounds' ratios "
							+ rounds.ratios("1,000 routes, last", "10 routes, last")
							+ (problems.isEmpty() ? "" : "; errors: " + problems))
				.save();
		}
		finally {
			AppInstance.closeAll(List.of(thousand, ten));
		}
	}

	/** Properties of a gateway whose routes are {@code count} routes from a YAML file. */
	private static Map<String, String> routes(int count) throws IOException {
		StringBuilder yaml = new StringBuilder("spring.cloud.gateway.server.webflux.routes:\n");
		for (int i = 0; i < count; i++) {
			yaml.append("  - id: r").append(i).append('\n');
			yaml.append("    uri: lb://").append(NO_POLICY_SERVICE).append('\n');
			yaml.append("    predicates:\n      - Path=/api/r").append(i).append("/**\n");
		}
		Path file = Files.createDirectories(Path.of("target", "bench-config").toAbsolutePath())
			.resolve("routes-" + count + ".yml");
		Files.writeString(file, yaml.toString(), StandardCharsets.UTF_8);
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.config.additional-location", "file:" + file);
		properties.put("junction.gateway.rate-limit.enabled", "false");
		return properties;
	}

	private static void writeBars(Iterable<String> targets, Rounds rounds) throws IOException {
		StringBuilder csv = new StringBuilder("# target,requests per second (median of rounds)\n");
		for (String target : targets) {
			csv.append(target.replace(',', ' '))
				.append(',')
				.append("%.0f".formatted(rounds.median(target)))
				.append('\n');
		}
		Files.createDirectories(Figure.directory());
		Files.writeString(Figure.directory().resolve("G1-bars.csv"), csv.toString(), StandardCharsets.UTF_8);
	}

}
