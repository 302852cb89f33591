/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.junction.bench.backend.FixedResponseBackend;
import dev.junction.bench.load.FixedRateLoad;
import dev.junction.bench.load.Sample;
import dev.junction.bench.report.Figure;
import dev.junction.bench.report.Timeline;
import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.AppInstance;
import dev.junction.testsupport.LoopbackPorts;
import dev.junction.testsupport.RedisNamespaceExtension;
import org.junit.jupiter.api.AfterAll;
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
 * C1, P1, L1 and L2: what the gateway's policies decide, against what they should decide.
 * The backend is a {@link FixedResponseBackend} registered as {@code sample-user-service}
 * v1 and v2, whose {@code Junction-Instance} answer header tells which version a request
 * reached. Full suite only ({@code bench/run.sh}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EdgePolicyScenarioTests {

	private static final Logger logger = LoggerFactory.getLogger(EdgePolicyScenarioTests.class);

	private static final String POLICY_KEY = "junction/policies/" + EdgeDeployment.USER_SERVICE;

	private static final String PATH = "/api/users/1";

	private static final String UNLIMITED = "1000000000";

	private static final int RATE_PER_REPLICA = 100;

	@RegisterExtension
	static DevConsulExtension consulAgent = new DevConsulExtension();

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	static Consul consul;

	static FixedResponseBackend backend;

	static String canaryInstance;

	static final Map<String, String> gatewayCommon = new LinkedHashMap<>();

	@BeforeAll
	static void deploy() {
		int stablePort = LoopbackPorts.free();
		int canaryPort = LoopbackPorts.free();
		backend = new FixedResponseBackend(stablePort, canaryPort);
		canaryInstance = "backend-" + canaryPort;
		consul = new Consul(consulAgent);
		consul.register(EdgeDeployment.USER_SERVICE, "backend-v1", stablePort, "v1");
		consul.register(EdgeDeployment.USER_SERVICE, "backend-v2", canaryPort, "v2");
		consul.awaitPassing(EdgeDeployment.USER_SERVICE, (ports) -> ports.size() == 2, Duration.ofSeconds(30));
		gatewayCommon.putAll(consulAgent.springProperties());
		gatewayCommon.putAll(redis.springProperties());
	}

	@AfterAll
	static void stop() {
		if (backend != null) {
			backend.close();
		}
	}

	private static AppInstance startGateway(String name, String keyPrefix, Map<String, String> extra) {
		Map<String, String> properties = new LinkedHashMap<>(gatewayCommon);
		properties.put("junction.gateway.rate-limit.key-prefix", redis.keyPrefix() + keyPrefix + ":");
		properties.putAll(extra);
		return Bench.app(name, "gateway").properties(properties).readinessOnManagementPort("/readyz").start();
	}

	/**
	 * A fresh gateway JVM is slow until its JIT compiler caught up: 15 s of wrk first.
	 */
	private static void warmUp(AppInstance gateway) {
		if (Wrk.available()) {
			Wrk.run(gateway.url(PATH), Duration.ofSeconds(15));
		}
	}

	private static Map<String, String> unlimited() {
		return Map.of("junction.gateway.rate-limit.routes.sample-user-service.capacity", UNLIMITED,
				"junction.gateway.rate-limit.routes.sample-user-service.refill-per-second", UNLIMITED);
	}

	private static String policy(int weight) {
		return """
				{"stableVersion": "v1", "canaryVersion": "v2", "canaryWeight": %d, "canaryHeader": "X-Canary",
				 "canaryCookie": "canary", "sticky": "header", "stickyName": "X-User-Id", "fallback": true}"""
			.formatted(weight);
	}

	/**
	 * Puts a policy and leaves the gateway 3 s to apply it (P1 measures how long it
	 * takes: well under that).
	 */
	private static void applyPolicy(AppInstance gateway, int weight) {
		consul.put(POLICY_KEY, policy(weight));
		Pause.of(Duration.ofSeconds(3));
		logger.info("Canary weight {} put in {} for {}", weight, POLICY_KEY, gateway.name());
	}

	@Test
	@Order(1)
	@Tag("C1")
	void c1CanarySharesMatchTheBinomialExpectationAndStickyKeysNeverFlip() {
		AppInstance gateway = startGateway("gateway-c1", "c1", unlimited());
		try {
			gateway.awaitReady();
			warmUp(gateway);
			int n = 10_000;
			List<String> rows = new ArrayList<>();
			boolean met = true;
			Map<String, Boolean> canaryAt10 = new HashMap<>();
			int flips = 0;
			int movedBack = 0;
			for (int weight : new int[] { 10, 20 }) {
				applyPolicy(gateway, weight);
				List<HttpRequest> requests = new ArrayList<>();
				for (int i = 0; i < n; i++) {
					requests.add(FixedRateLoad.get(gateway.url(PATH), Duration.ofSeconds(10)));
				}
				List<Burst.Answer> answers = Burst.send(requests, 32);
				long failed = answers.stream().filter((answer) -> !answer.ok()).count();
				long canary = answers.stream().filter((answer) -> canaryInstance.equals(answer.instance())).count();
				double share = 100.0 * canary / n;
				long[] interval = Binomial.centralInterval(n, weight / 100.0, 0.999);
				boolean within = Math.abs(share - weight) <= 1.5;
				met &= within && failed == 0;
				rows.add("weight %d: %.2f %% canary (exact binomial 99.9 %% interval %.2f-%.2f %%), %d failed"
					.formatted(weight, share, 100.0 * interval[0] / n, 100.0 * interval[1] / n, failed));

				// sticky: 1,000 keys, 10 requests each, interleaved
				List<HttpRequest> sticky = new ArrayList<>();
				for (int round = 0; round < 10; round++) {
					for (int key = 0; key < 1000; key++) {
						sticky.add(FixedRateLoad.get(gateway.url(PATH), Duration.ofSeconds(10), "X-User-Id",
								"user-" + key));
					}
				}
				List<Burst.Answer> stickyAnswers = Burst.send(sticky, 32);
				Map<String, Set<Boolean>> seen = new HashMap<>();
				for (int i = 0; i < sticky.size(); i++) {
					seen.computeIfAbsent("user-" + (i % 1000), (key) -> new HashSet<>())
						.add(canaryInstance.equals(stickyAnswers.get(i).instance()));
				}
				int keysOnCanary = 0;
				for (Map.Entry<String, Set<Boolean>> key : seen.entrySet()) {
					if (key.getValue().size() > 1) {
						flips++;
					}
					boolean onCanary = key.getValue().contains(true);
					keysOnCanary += onCanary ? 1 : 0;
					if (weight == 10) {
						canaryAt10.put(key.getKey(), onCanary);
					}
					else if (Boolean.TRUE.equals(canaryAt10.get(key.getKey())) && !onCanary) {
						movedBack++;
					}
				}
				rows.add("weight %d sticky: %d of 1000 keys on the canary".formatted(weight, keysOnCanary));
				logger.info("C1: {}", rows);
			}
			met &= flips == 0 && movedBack == 0;
			new Figure("C1", "canary at weight 10 and 20, 10,000 requests each; 1,000 sticky keys × 10 requests",
					"%s; %d sticky flips, %d keys moved back to stable when the weight rose"
						.formatted(String.join("; ", rows), flips, movedBack),
					"exact binomial expectation (10 %, 20 %)", "–", "within ±1.5 points; 0 sticky flips",
					Figure.met(met), "policies put in Consul KV; requests without a key draw at random per request")
				.save();
		}
		finally {
			gateway.close();
		}
	}

	@Test
	@Order(2)
	@Tag("P1")
	void p1ALivePolicyChangeReachesEveryReplicaQuicklyWithoutFailures() {
		AppInstance first = startGateway("gateway-p1-a", "p1", unlimited());
		AppInstance second = startGateway("gateway-p1-b", "p1", unlimited());
		try {
			first.awaitReady();
			second.awaitReady();
			warmUp(first);
			warmUp(second);
			applyPolicy(first, 0);
			applyPolicy(second, 0);
			List<AppInstance> replicas = List.of(first, second);
			int changes = 6;
			Map<String, List<Long>> applied = new LinkedHashMap<>();
			List<Sample> all = new ArrayList<>();
			for (AppInstance replica : replicas) {
				applied.put(replica.name(), new ArrayList<>());
			}
			List<FixedRateLoad> loads = new ArrayList<>();
			for (AppInstance replica : replicas) {
				loads.add(new FixedRateLoad(replica.name(),
						(sequence) -> FixedRateLoad.get(replica.url(PATH), Duration.ofSeconds(10)), RATE_PER_REPLICA,
						Duration.ofMinutes(5), 1000)
					.start());
			}
			List<Long> changedAt = new ArrayList<>();
			Pause.of(Duration.ofSeconds(3));
			for (int change = 1; change <= changes; change++) {
				int weight = (change % 2 == 1) ? 100 : 0;
				long at = System.currentTimeMillis();
				consul.put(POLICY_KEY, policy(weight));
				changedAt.add(at);
				Pause.of(Duration.ofSeconds(4));
			}
			for (int i = 0; i < replicas.size(); i++) {
				List<Sample> samples = loads.get(i).stop();
				loads.get(i).close();
				all.addAll(samples);
				List<Timeline.Event> events = new ArrayList<>();
				for (int change = 1; change <= changes; change++) {
					events.add(new Timeline.Event(changedAt.get(change - 1),
							"canary weight " + ((change % 2 == 1) ? 100 : 0)));
				}
				// which version answered each request,
				// for a look at how a change took effect
				List<Sample> byVersion = samples.stream()
					.map((sample) -> new Sample(sample.intendedMillis(), sample.latencyMicros(), sample.status(), null,
							canaryInstance.equals(sample.instance()) ? "canary" : "stable"))
					.toList();
				Timeline.save("P1-" + replicas.get(i).name(), byVersion, events);
				for (int change = 1; change <= changes; change++) {
					boolean toCanary = change % 2 == 1;
					long at = changedAt.get(change - 1);
					long end = (change < changes) ? changedAt.get(change) : Long.MAX_VALUE;
					// the last request sent under the old policy: after it, every answer
					// follows the new one
					long lastOld = at;
					for (Sample sample : samples) {
						if (sample.intendedMillis() >= at && sample.intendedMillis() < end && sample.ok()
								&& (canaryInstance.equals(sample.instance()) != toCanary)) {
							lastOld = Math.max(lastOld, sample.intendedMillis());
						}
					}
					applied.get(replicas.get(i).name()).add(lastOld - at);
				}
			}
			long failed = all.stream().filter((sample) -> !sample.ok()).count();
			long worst = applied.values().stream().flatMap(List::stream).mapToLong(Long::longValue).max().orElse(-1);
			List<Long> medians = applied.values().stream().map(InstanceChurnScenarioTests::median).toList();
			new Figure("P1",
					"live policy change in Consul KV (canary weight 0 ↔ 100) under " + RATE_PER_REPLICA
							+ " GET/s per replica, " + "two replicas, " + changes + " changes",
					"applied within %d ms at worst (median per replica %s ms); %d failed of %d".formatted(worst,
							medians, failed, all.size()),
					"–", "–", "every replica ≤ 2 s; 0 failed", Figure.met(worst <= 2000 && failed == 0),
					"applied = last request (by its intended send time) still routed by the old policy, after the KV"
							+ " write's answer; per change and replica: " + applied)
				.save();
		}
		finally {
			AppInstance.closeAll(List.of(first, second));
		}
	}

	@Test
	@Order(3)
	@Tag("L1")
	void l1RateLimitAdmitsWhatAnIdealTokenBucketWould() {
		int capacity = 50;
		int refill = 50;
		Duration duration = Duration.ofSeconds(60);
		Map<String, String> limit = Map.of("junction.gateway.rate-limit.routes.sample-user-service.capacity",
				Integer.toString(capacity), "junction.gateway.rate-limit.routes.sample-user-service.refill-per-second",
				Integer.toString(refill));
		AppInstance single = startGateway("gateway-l1-single", "l1-single", limit);
		AppInstance pairA = startGateway("gateway-l1-pair-a", "l1-pair", limit);
		AppInstance pairB = startGateway("gateway-l1-pair-b", "l1-pair", limit);
		try {
			single.awaitReady();
			pairA.awaitReady();
			pairB.awaitReady();
			consul.put(POLICY_KEY, policy(0));
			long ideal = capacity + (long) refill * duration.toSeconds();
			List<String> rows = new ArrayList<>();
			boolean met = true;
			for (List<AppInstance> gateways : List.of(List.of(single), List.of(pairA, pairB))) {
				FixedRateLoad load = new FixedRateLoad(
						"L1 " + gateways.size() + " gateway(s)", (sequence) -> FixedRateLoad
							.get(gateways.get((int) (sequence % gateways.size())).url(PATH), Duration.ofSeconds(10)),
						2 * refill, duration, 1000);
				List<Sample> samples = load.start().awaitEnd();
				load.close();
				long admitted = samples.stream().filter(Sample::ok).count();
				long refused = samples.stream().filter((sample) -> sample.status() == 429).count();
				long other = samples.size() - admitted - refused;
				double ratio = (double) admitted / ideal;
				met &= Math.abs(ratio - 1) <= 0.05 && other == 0;
				rows.add("%d gateway(s): %d admitted of %d (%.3f× ideal), %d refused with 429, %d other"
					.formatted(gateways.size(), admitted, samples.size(), ratio, refused, other));
				logger.info("L1: {}", rows.get(rows.size() - 1));
			}
			new Figure("L1",
					"rate limit (bucket %d, refill %d/s, key client address) offered %d/s for %d s, one and two gateways"
						.formatted(capacity, refill, 2 * refill, duration.toSeconds()),
					String.join("; ", rows), "ideal token bucket: %d admitted".formatted(ideal), "–",
					"admitted within ±5 %", Figure.met(met),
					"open-loop load; the two gateways share the bucket in Redis (requests alternate between them)")
				.save();
		}
		finally {
			AppInstance.closeAll(List.of(single, pairA, pairB));
		}
	}

	@Test
	@Order(4)
	@Tag("L2")
	void l2FourReplicasShareOneBucketThroughTheirLeases() {
		int capacity = 100;
		int refill = 100;
		int replicas = 4;
		int offered = 300;
		Duration duration = Duration.ofSeconds(60);
		// the most tokens a replica leases from the shared bucket at once: a tenth of it
		int lease = capacity / 10;
		Map<String, String> limit = Map.of("junction.gateway.rate-limit.routes.sample-user-service.capacity",
				Integer.toString(capacity), "junction.gateway.rate-limit.routes.sample-user-service.refill-per-second",
				Integer.toString(refill));
		List<AppInstance> gateways = new ArrayList<>();
		try {
			for (int i = 0; i < replicas; i++) {
				gateways.add(startGateway("gateway-l2-" + (char) ('a' + i), "l2", limit));
			}
			gateways.forEach(AppInstance::awaitReady);
			consul.put(POLICY_KEY, policy(0));
			// fresh JVMs are slow until their JIT compiler caught up: the same load for
			// 15 s, then the bucket refills and every lease expires before the measure
			FixedRateLoad warmUp = new FixedRateLoad("L2 warm-up", (sequence) -> FixedRateLoad
				.get(gateways.get((int) (sequence % replicas)).url(PATH), Duration.ofSeconds(10)), offered,
					Duration.ofSeconds(15), 1000);
			warmUp.start().awaitEnd();
			warmUp.close();
			Pause.of(Duration.ofSeconds(3));
			FixedRateLoad load = new FixedRateLoad(
					"L2 " + replicas + " gateways", (sequence) -> FixedRateLoad
						.get(gateways.get((int) (sequence % replicas)).url(PATH), Duration.ofSeconds(10)),
					offered, duration, 1000);
			List<Sample> samples = load.start().awaitEnd();
			load.close();
			long first = samples.stream().mapToLong(Sample::intendedMillis).min().orElse(0);
			long admitted = samples.stream().filter(Sample::ok).count();
			long refused = samples.stream().filter((sample) -> sample.status() == 429).count();
			long other = samples.size() - admitted - refused;
			// admitted requests answered in the first second took their tokens in it
			long firstSecond = samples.stream()
				.filter((sample) -> sample.ok()
						&& sample.intendedMillis() + sample.latencyMicros() / 1000 - first < 1000)
				.count();
			Map<String, Long> others = new TreeMap<>();
			samples.stream()
				.filter((sample) -> !sample.ok() && sample.status() != 429)
				.forEach((sample) -> others.merge((sample.error() != null) ? sample.error() : "HTTP " + sample.status(),
						1L, Long::sum));
			long ideal = capacity + (long) refill * duration.toSeconds();
			long idealFirstSecond = capacity + refill;
			long burstBound = idealFirstSecond + (long) replicas * lease;
			double ratio = (double) admitted / ideal;
			boolean met = Math.abs(ratio - 1) <= 0.10 && firstSecond <= burstBound && other == 0;
			String measured = "%d admitted of %d (%.3f× ideal), %d refused with 429, %d other%s; first second %d admitted"
				.formatted(admitted, samples.size(), ratio, refused, other, others.isEmpty() ? "" : " " + others,
						firstSecond);
			logger.info("L2: {}", measured);
			new Figure("L2",
					"rate limit shared by %d gateway processes through their leases (bucket %d, refill %d/s, key client address), offered %d/s for %d s"
						.formatted(replicas, capacity, refill, offered, duration.toSeconds()),
					measured,
					"ideal token bucket: %d admitted, %d in the first second".formatted(ideal, idealFirstSecond),
					"%.3f×".formatted(ratio),
					"admitted within ±10 %%; first second ≤ %d (ideal + one lease per replica)".formatted(burstBound),
					Figure.met(met), "open-loop load, requests alternate between the four gateways")
				.save();
		}
		finally {
			AppInstance.closeAll(gateways);
		}
	}

}
