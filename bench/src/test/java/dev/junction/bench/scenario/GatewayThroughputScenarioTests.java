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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.junction.bench.backend.FixedResponseBackend;
import dev.junction.bench.load.FixedRateLatencyRun;
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
 * G1-G4: the gateway's throughput and latency against what a team would pick instead,
 * measured in the same run: Spring Cloud Gateway with its own equivalents of Junction's
 * features ({@code ScgEquivalentsGatewayApplication}: a {@code Weight} predicate over one
 * {@code lb://} route per version, {@code RequestRateLimiter} on Redis with the client's
 * address as key, {@code CircuitBreaker} on Resilience4j with its bulkhead off,
 * {@code Retry}), Spring Cloud Gateway's {@code lb://} route with Spring Cloud's defaults
 * (Consul discovery and LoadBalancer, no feature), a plain static route, nginx and the
 * backend itself. The backend is a {@link FixedResponseBackend} process of its own,
 * registered in the dev agent as {@code sample-user-service} v1 and v2, as
 * {@code bench-users-v1} and {@code bench-users-v2} (the Spring Cloud routes per
 * version), and as {@code bench-backend} without a traffic policy.
 * <p>
 * Throughput is wrk's (closed loop, {@value Wrk#CONNECTIONS} connections), counting 2xx
 * answers only; targets are measured in turn within each of {@value #ROUNDS} rounds and
 * each ratio is the median of the rounds'. Latency at a fixed rate is
 * {@link FixedRateLatencyRun}'s (open loop, a JVM of its own), with the load generator
 * pinned to one core and everything under test to the other. Full suite only
 * ({@code bench/run.sh}); needs wrk and nginx, which run.sh installs, and Linux's
 * {@code taskset} for G2.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayThroughputScenarioTests {

	private static final Logger logger = LoggerFactory.getLogger(GatewayThroughputScenarioTests.class);

	private static final int ROUNDS = 5;

	private static final Duration WARM_UP = Duration.ofSeconds(20);

	private static final Duration RUN = Duration.ofSeconds(8);

	private static final String PATH = "/api/users/1";

	private static final Pattern G2_RESULT = Pattern.compile(Pattern.quote(FixedRateLatencyRun.RESULT_PREFIX)
			+ " round=(\\d+) target=(.+?) p50=(\\d+) p99=(\\d+) p999=(\\d+) failed=(\\d+)");

	private static final String NO_POLICY_SERVICE = "bench-backend";

	private static final String ROUTES = "spring.cloud.gateway.server.webflux.routes[0].";

	private static final String UNLIMITED = "1000000000";

	/**
	 * The packaged gateway's canary weight of sample-user-service, which the SCG routes
	 * copy.
	 */
	private static final int CANARY_WEIGHT = 20;

	static final String BACKEND = "backend directly";

	static final String NGINX = "nginx proxy_pass";

	static final String PLAIN = "plain SCG route";

	static final String SCG_LB = "SCG lb:// defaults";

	static final String SCG_EQUIVALENTS = "SCG, own equivalents";

	static final String NO_RATE_LIMIT = "Junction, no rate limit";

	static final String FULL = "Junction, full chain";

	@RegisterExtension
	static DevConsulExtension consulAgent = new DevConsulExtension();

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	static AppInstance backend;

	static int backendPort;

	static AppInstance plain;

	static AppInstance scgLb;

	static AppInstance scgEquivalents;

	static Nginx nginx;

	/** The full-chain gateway, started by G1 or G2 and kept warm for the other. */
	static AppInstance fullChain;

	static final Map<String, String> gatewayCommon = new LinkedHashMap<>();

	@BeforeAll
	static void deploy() {
		Assumptions.assumeTrue(Wrk.available() && Nginx.binary() != null,
				"wrk and nginx are needed: run bench/run.sh, which installs them");
		int canaryPort = LoopbackPorts.free();
		backend = Bench.appFromClasspath("backend", "dev.junction.bench.backend.FixedResponseBackend")
			.property("bench.backend.more-ports", Integer.toString(canaryPort))
			.readiness(PATH)
			.start();
		backendPort = backend.port();
		backend.awaitReady();
		Consul consul = new Consul(consulAgent);
		consul.register(EdgeDeployment.USER_SERVICE, "backend-v1", backendPort, "v1");
		consul.register(EdgeDeployment.USER_SERVICE, "backend-v2", canaryPort, "v2");
		consul.register(NO_POLICY_SERVICE, "bench-backend-1", backendPort, "v1");
		SpringCloudReferences.registerVersions(consul, backendPort, canaryPort);
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
		scgLb = SpringCloudReferences.startLbGateway("scg-lb", consulAgent.springProperties(), PATH);
		scgEquivalents = SpringCloudReferences.startEquivalentsGateway("scg-equivalents",
				consulAgent.springProperties(), redis.springProperties(), PATH);
		nginx = Nginx.start(backendPort);
		awaitReady(plain, scgLb, scgEquivalents);
	}

	@AfterAll
	static void stop() {
		AppInstance.closeAll(fullChain, plain, scgLb, scgEquivalents);
		if (nginx != null) {
			nginx.close();
		}
		AppInstance.closeAll(backend);
	}

	private static void awaitReady(AppInstance... apps) {
		awaitReady(List.of(apps));
	}

	private static void awaitReady(List<AppInstance> apps) {
		apps.forEach(AppInstance::awaitReady);
	}

	private static AppInstance fullChain() {
		if (fullChain == null) {
			fullChain = startGateway("gateway-full", Map.of());
		}
		return fullChain;
	}

	static AppInstance startGateway(String name, Map<String, String> extra) {
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
		properties.put("junction.gateway.resilience.enabled", "false");
		properties.put("spring.cloud.gateway.server.webflux.metrics.enabled", "false");
		properties.put("spring.cloud.gateway.server.webflux.observability.enabled", "false");
		return properties;
	}

	/** The targets every throughput figure compares with. */
	private static Map<String, Target> references() {
		Map<String, Target> targets = new LinkedHashMap<>();
		targets.put(BACKEND, new Target(backend.url(PATH), backend.pid()));
		targets.put(NGINX, new Target(nginx.url(PATH), nginx.pid()));
		targets.put(PLAIN, Target.of(plain));
		targets.put(SCG_LB, Target.of(scgLb));
		targets.put(SCG_EQUIVALENTS, Target.of(scgEquivalents));
		return targets;
	}

	/**
	 * Warms every target up, then measures each in turn, {@value #ROUNDS} rounds: 2xx
	 * answers per second, and the CPU time and resident memory of the target's process.
	 */
	private static Throughput throughput(Map<String, Target> targets, List<String> problems) {
		targets.forEach((name, target) -> {
			logger.info("Warming up {} ({} s)", name, WARM_UP.toSeconds());
			Wrk.run(target.url(), WARM_UP);
		});
		Throughput throughput = new Throughput(new Rounds(), new Rounds(), new Rounds(), new Rounds());
		for (int round = 1; round <= ROUNDS; round++) {
			for (Map.Entry<String, Target> entry : targets.entrySet()) {
				String name = entry.getKey();
				ProcessUsage before = ProcessUsage.of(entry.getValue().pid());
				Wrk.Result result = Wrk.run(entry.getValue().url(), RUN);
				ProcessUsage after = ProcessUsage.of(entry.getValue().pid());
				logger.info("Round {} of {}: {}: {}", round, ROUNDS, name, result);
				throughput.okPerSecond().add(name, result.okPerSecond());
				throughput.non2xx().add(name, result.non2xx());
				if (before != null && after != null && result.requests() > 0) {
					throughput.cpuPer10k()
						.add(name, (after.cpuSeconds() - before.cpuSeconds()) * 10_000 / result.requests());
					throughput.residentMb().add(name, after.residentMb());
				}
				if (result.non2xx() > 0 || result.socketErrors() > 0) {
					problems.add(name + " round " + round + ": " + result);
				}
			}
		}
		return throughput;
	}

	@Test
	@Order(1)
	@Tag("G1")
	void g1MaximumThroughputAgainstSpringCloudGatewaysNginxAndTheBackend() throws IOException {
		AppInstance full = fullChain();
		AppInstance noRateLimit = startGateway("gateway-no-rl", Map.of("junction.gateway.rate-limit.enabled", "false"));
		try {
			awaitReady(full, noRateLimit);
			Map<String, Target> targets = references();
			targets.put(NO_RATE_LIMIT, Target.of(noRateLimit));
			targets.put(FULL, Target.of(full));
			List<String> problems = new ArrayList<>();
			Throughput throughput = throughput(targets, problems);
			Rounds rounds = throughput.okPerSecond();
			writeBars(targets.keySet(), rounds);
			String how = "wrk -t%d -c%d, 2xx answers only, %d interleaved × %d s rounds after a %d s warm-up per target; backend directly %.0f/s"
				.formatted(Wrk.THREADS, Wrk.CONNECTIONS, ROUNDS, RUN.toSeconds(), WARM_UP.toSeconds(),
						rounds.median(BACKEND))
					+ (problems.isEmpty() ? "" : "; errors: " + problems);
			throughputFigure("G1a", "max throughput, full policy chain without rate limiting", rounds, NO_RATE_LIMIT,
					PLAIN, 0.85, how);
			throughputFigure("G1b",
					"max throughput, full chain (rate limit, canary choice, breaker, retry, as shipped)", rounds, FULL,
					NO_RATE_LIMIT, 0.8, "");
			double vsNginx = rounds.ratio(FULL, NGINX);
			new Figure("G1c", "max throughput, full chain against nginx", rate(rounds, FULL),
					NGINX + " (keepalive) " + rate(rounds, NGINX), "%.2f×".formatted(vsNginx), "reported (aim ≥ 0.4×)",
					Figure.met(vsNginx >= 0.4), "rounds' ratios " + rounds.ratios(FULL, NGINX))
				.save();
			long fullNon2xx = Math.round(throughput.non2xx().of(FULL).stream().mapToDouble(Double::doubleValue).sum());
			long scgNon2xx = Math
				.round(throughput.non2xx().of(SCG_EQUIVALENTS).stream().mapToDouble(Double::doubleValue).sum());
			double vsEquivalents = rounds.ratio(FULL, SCG_EQUIVALENTS);
			new Figure("G1d",
					"max throughput, full chain against Spring Cloud Gateway with its own equivalents (Weight over two lb:// routes, RequestRateLimiter on Redis, CircuitBreaker, Retry)",
					rate(rounds, FULL) + ", %d non-2xx".formatted(fullNon2xx),
					SCG_EQUIVALENTS + " " + rate(rounds, SCG_EQUIVALENTS) + ", %d non-2xx".formatted(scgNon2xx),
					"%.2f×".formatted(vsEquivalents), "≥ 2.0×, and 0 non-2xx",
					Figure.met(vsEquivalents >= 2.0 && fullNon2xx == 0),
					"rounds' ratios " + rounds.ratios(FULL, SCG_EQUIVALENTS)
							+ "; Resilience4j's bulkhead off (spring.cloud.circuitbreaker.bulkhead.resilience4j.enabled=false)")
				.save();
			throughputFigure("G1e",
					"max throughput, chain without rate limiting against Spring Cloud Gateway's lb:// route with Spring Cloud's defaults",
					rounds, NO_RATE_LIMIT, SCG_LB, 1.2, "Consul discovery and LoadBalancer (cached instance lists)");
			double rss = throughput.residentMb().median(FULL) / throughput.residentMb().median(SCG_EQUIVALENTS);
			new Figure("G1f", "resident memory (RSS) of the full-chain gateway under the G1 load",
					"%.0f MB".formatted(throughput.residentMb().median(FULL)),
					SCG_EQUIVALENTS + " %.0f MB".formatted(throughput.residentMb().median(SCG_EQUIVALENTS)),
					"%.2f×".formatted(rss), "≤ 1.2× SCG with its own equivalents", Figure.met(rss <= 1.2),
					"RSS after each measured run, median of rounds; every target: "
							+ usage(targets.keySet(), throughput.residentMb(), "%.0f MB")
							+ "; every JVM -Xmx256m -XX:+UseSerialGC, as ManagedProcess starts them")
				.save();
			double cpu = throughput.cpuPer10k().median(FULL) / throughput.cpuPer10k().median(SCG_EQUIVALENTS);
			new Figure("G1g", "CPU seconds per 10,000 requests of the full-chain gateway under the G1 load",
					"%.2f s".formatted(throughput.cpuPer10k().median(FULL)),
					SCG_EQUIVALENTS + " %.2f s".formatted(throughput.cpuPer10k().median(SCG_EQUIVALENTS)),
					"%.2f×".formatted(cpu), "reported", "–",
					"user + system time of the process (nginx: with its workers) over each measured run, per 10,000 answers, median of rounds; every target: "
							+ usage(targets.keySet(), throughput.cpuPer10k(), "%.2f s"))
				.save();
		}
		finally {
			noRateLimit.close();
		}
	}

	private static void throughputFigure(String id, String scenario, Rounds rounds, String target, String reference,
			double goal, String note) {
		double ratio = rounds.ratio(target, reference);
		new Figure(id, scenario, rate(rounds, target), reference + " " + rate(rounds, reference),
				"%.2f×".formatted(ratio), "≥ %.2f× %s".formatted(goal, reference), Figure.met(ratio >= goal),
				(note.isEmpty() ? "" : note + "; ") + "rounds' ratios " + rounds.ratios(target, reference)
						+ "; rounds' spread " + rounds.spread(target) + " and " + rounds.spread(reference))
			.save();
	}

	private static String rate(Rounds rounds, String target) {
		return "%.0f/s".formatted(rounds.median(target));
	}

	private static String usage(Iterable<String> targets, Rounds rounds, String format) {
		List<String> parts = new ArrayList<>();
		for (String target : targets) {
			if (!rounds.of(target).isEmpty()) {
				parts.add(target + " " + format.formatted(rounds.median(target)));
			}
		}
		return String.join(", ", parts);
	}

	@Test
	@Order(2)
	@Tag("G2")
	void g2LatencyAtAFixedRateWithTheGeneratorOnItsOwnCore() {
		Assumptions.assumeTrue(CpuPinning.available(), "G2 needs taskset (util-linux) and at least 2 CPUs");
		AppInstance full = fullChain();
		full.awaitReady();
		Map<String, Target> targets = new LinkedHashMap<>();
		targets.put(FULL, Target.of(full));
		targets.put(SCG_EQUIVALENTS, Target.of(scgEquivalents));
		targets.put(SCG_LB, Target.of(scgLb));
		targets.put("nginx", new Target(nginx.url(PATH), nginx.pid()));
		List<Long> underTest = new ArrayList<>(
				List.of(backend.pid(), nginx.pid(), full.pid(), scgEquivalents.pid(), scgLb.pid()));
		CpuPinning.redisServerPid().ifPresent(underTest::add);
		long self = ProcessHandle.current().pid();
		// warm as G1 leaves them, also when G2 runs alone: the maxima set the rate
		targets.forEach((name, target) -> {
			logger.info("Warming up {} ({} s)", name, WARM_UP.toSeconds());
			Wrk.run(target.url(), WARM_UP);
		});
		try {
			CpuPinning.pin(self, CpuPinning.GENERATOR_CPU);
			underTest.forEach((pid) -> CpuPinning.pin(pid, CpuPinning.SYSTEM_UNDER_TEST_CPU));
			Map<String, Double> maxima = new LinkedHashMap<>();
			targets.forEach((name, target) -> {
				Wrk.runOn(CpuPinning.GENERATOR_CPU, target.url(), Duration.ofSeconds(10));
				maxima.put(name, Wrk.runOn(CpuPinning.GENERATOR_CPU, target.url(), RUN).okPerSecond());
			});
			double slowest = maxima.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
			int rate = (int) Math.max(50, slowest / 2);
			Duration duration = Duration.ofSeconds(15);
			List<String> arguments = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC", "-jar",
					LauncherJar.of(FixedRateLatencyRun.class.getName()).toString(), Integer.toString(rate),
					Long.toString(duration.toSeconds()), Integer.toString(ROUNDS)));
			targets.forEach((name, target) -> arguments.add(name + "=" + target.url()));
			// the generator inherits this JVM's CPU; started while this JVM is pinned
			String output = ChildRun.java("g2-generator",
					Duration.ofSeconds((ROUNDS + 1) * targets.size() * (duration.toSeconds() + 40) + 60), arguments,
					FixedRateLatencyRun.RESULT_PREFIX);
			Rounds p50 = new Rounds();
			Rounds p99 = new Rounds();
			Rounds p999 = new Rounds();
			List<String> problems = new ArrayList<>();
			Matcher result = G2_RESULT.matcher(output);
			while (result.find()) {
				String target = result.group(2);
				p50.add(target, Long.parseLong(result.group(3)) / 1000.0);
				p99.add(target, Long.parseLong(result.group(4)) / 1000.0);
				p999.add(target, Long.parseLong(result.group(5)) / 1000.0);
				if (Long.parseLong(result.group(6)) > 0) {
					problems.add(target + " round " + result.group(1) + ": " + result.group(6) + " failed");
				}
			}
			targets.keySet().forEach((name) -> {
				if (p99.of(name).size() != ROUNDS) {
					throw new IllegalStateException("The G2 generator reported " + p99.of(name).size() + " of " + ROUNDS
							+ " rounds for " + name + "; its output:\n" + output);
				}
			});
			double vsNginx = p99.ratio(FULL, "nginx");
			boolean belowReferences = p99.median(FULL) <= p99.median(SCG_EQUIVALENTS)
					&& p99.median(FULL) <= p99.median(SCG_LB);
			List<String> latencies = new ArrayList<>();
			targets.keySet()
				.forEach((name) -> latencies.add("%s p50 %.1f / p99 %.1f / p99.9 %.1f ms (max %.0f/s)".formatted(name,
						p50.median(name), p99.median(name), p999.median(name), maxima.get(name))));
			new Figure("G2",
					"latency at a fixed %d/s (half the slowest target's maximum), open loop, generator and system under test on separate cores"
						.formatted(rate),
					"p99 %.1f ms (p50 %.1f, p99.9 %.1f)".formatted(p99.median(FULL), p50.median(FULL),
							p999.median(FULL)),
					"nginx p99 %.1f ms; %s p99 %.1f ms; %s p99 %.1f ms".formatted(p99.median("nginx"), SCG_EQUIVALENTS,
							p99.median(SCG_EQUIVALENTS), SCG_LB, p99.median(SCG_LB)),
					"%.2f× nginx".formatted(vsNginx), "p99 ≤ 2× nginx's, and ≤ each SCG reference's",
					Figure.met(vsNginx <= 2.0 && belowReferences),
					("JDK HttpClient open-loop generator in a JVM of its own pinned to CPU %s (a warm-up round per target first), latency from the intended send time (HdrHistogram); gateways, backend, nginx and Redis pinned to CPU %s; "
							+ "%d interleaved × %d s rounds; maxima measured with wrk under the same pinning; %s; rounds' p99 ratios to nginx %s%s")
						.formatted(CpuPinning.GENERATOR_CPU, CpuPinning.SYSTEM_UNDER_TEST_CPU, ROUNDS,
								duration.toSeconds(), String.join("; ", latencies), p99.ratios(FULL, "nginx"),
								problems.isEmpty() ? "" : "; " + problems))
				.save();
		}
		finally {
			CpuPinning.pin(self, CpuPinning.ALL_CPUS);
			underTest.forEach((pid) -> CpuPinning.pin(pid, CpuPinning.ALL_CPUS));
		}
	}

	@Test
	@Order(3)
	@Tag("G3")
	void g3CostOfEachFeatureAloneAgainstTheGatewayWithoutFeatures() {
		Map<String, Map<String, String>> variants = new LinkedHashMap<>();
		variants.put("none", bare());
		Map<String, String> rateLimit = bare();
		rateLimit.put("junction.gateway.rate-limit.enabled", "true");
		variants.put("rate limit", rateLimit);
		Map<String, String> canary = bare();
		canary.put(ROUTES + "uri", "lb://" + EdgeDeployment.USER_SERVICE);
		variants.put("canary choice", canary);
		Map<String, String> breaker = bare();
		// JunctionCircuitBreaker and JunctionRetry on every route, as shipped
		breaker.put("junction.gateway.resilience.enabled", "true");
		variants.put("circuit breaker and retry", breaker);
		Map<String, String> metrics = bare();
		// the request metrics as the gateway ships
		// them (its tracing observations stay off)
		metrics.put("spring.cloud.gateway.server.webflux.metrics.enabled", "true");
		variants.put("metrics", metrics);
		Map<String, AppInstance> gateways = new LinkedHashMap<>();
		try {
			variants.forEach((name, properties) -> gateways.put(name,
					startGateway("gateway-g3-" + name.replace(' ', '-'), properties)));
			awaitReady(new ArrayList<>(gateways.values()));
			Map<String, Target> targets = new LinkedHashMap<>();
			targets.put(PLAIN, Target.of(plain));
			targets.put(SCG_LB, Target.of(scgLb));
			gateways.forEach((name, gateway) -> targets.put(name, Target.of(gateway)));
			List<String> problems = new ArrayList<>();
			Rounds rounds = throughput(targets, problems).okPerSecond();
			String errors = problems.isEmpty() ? "" : "; errors: " + problems;
			char suffix = 'a';
			for (String feature : variants.keySet()) {
				if ("none".equals(feature)) {
					double ratio = rounds.ratio(feature, PLAIN);
					new Figure("G3" + suffix++,
							"Junction gateway with every switchable feature off (edge hardening, route index, lb:// via Consul stay)",
							rate(rounds, feature), PLAIN + " " + rate(rounds, PLAIN), "%.2f×".formatted(ratio),
							"≥ 0.95× " + PLAIN, Figure.met(ratio >= 0.95),
							"rounds' ratios " + rounds.ratios(feature, PLAIN) + "; against " + SCG_LB + " "
									+ rate(rounds, SCG_LB) + ": %.2f× (rounds %s)".formatted(
											rounds.ratio(feature, SCG_LB), rounds.ratios(feature, SCG_LB))
									+ errors)
						.save();
					continue;
				}
				double ratio = rounds.ratio(feature, "none");
				double goal = "rate limit".equals(feature) ? 0.8 : 0.95;
				new Figure("G3" + suffix++, "cost of " + feature + " alone", rate(rounds, feature),
						"G3a (no feature) " + rate(rounds, "none"), "%.2f×".formatted(ratio),
						"≥ %.2f× G3a".formatted(goal), Figure.met(ratio >= goal),
						"rounds' ratios " + rounds.ratios(feature, "none") + "; against " + PLAIN
								+ " %.2f×".formatted(rounds.ratio(feature, PLAIN)) + errors)
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
			awaitReady(thousand, ten);
			Map<String, Target> targets = new LinkedHashMap<>();
			targets.put("10 routes, last", new Target(ten.url("/api/r9/users/1"), ten.pid()));
			targets.put("1,000 routes, last", new Target(thousand.url("/api/r999/users/1"), thousand.pid()));
			List<String> problems = new ArrayList<>();
			Rounds rounds = throughput(targets, problems).okPerSecond();
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

	/**
	 * A target of the throughput runs.
	 *
	 * @param url what wrk asks for
	 * @param pid the process whose CPU time and memory are read
	 */
	record Target(String url, long pid) {

		static Target of(AppInstance app) {
			return new Target(app.url(PATH), app.pid());
		}

	}

	/** What the rounds measured per target. */
	record Throughput(Rounds okPerSecond, Rounds non2xx, Rounds cpuPer10k, Rounds residentMb) {

	}

}
