/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import dev.junction.bench.load.FixedRateLoad;
import dev.junction.bench.load.Sample;
import dev.junction.bench.report.Figure;
import dev.junction.bench.report.Timeline;
import dev.junction.bench.report.Timeline.Event;
import dev.junction.bench.report.Timeline.Share;
import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.AppInstance;
import dev.junction.testsupport.ConsulHttp;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.RedisNamespaceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import static dev.junction.bench.scenario.EdgeDeployment.USER_SERVICE;

/**
 * A1-A5: rollouts of sample-user-service v2 that promote or roll back themselves, run by
 * the gateway's rollout controller on the replica holding the leader lock. Two gateway
 * replicas share the class's dev Consul agent and Redis; one user-service instance of v1
 * and one of v2 (faults injected by the starter's own fault injection, from
 * {@code junction/faults/sample-user-service}); GETs without sticky keys alternate
 * between the replicas. Each scenario writes the spec to
 * {@code junction/rollouts/sample-user-service} and follows the status the leader writes
 * to {@code junction/rollouts-status/sample-user-service}.
 * <ul>
 * <li>A1: healthy v2, steps 10/50/100 % of 20 s each, 5 s intervals, 100 GET/s;</li>
 * <li>A2: v2 answers 10 % of its requests with 500;</li>
 * <li>A3: v2 holds 50 % of its requests for 300 ms;</li>
 * <li>A4: A1 with the leader replica killed ({@code kill -9}) when step 1 begins;</li>
 * <li>A5: A1 at 2 GET/s, too little traffic for any analysis to conclude.</li>
 * </ul>
 * Full suite only ({@code bench/run.sh}); {@code -Djunction.bench.smoke=true} shortens
 * the steps.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class RolloutScenarioTests {

	private static final Logger logger = LoggerFactory.getLogger(RolloutScenarioTests.class);

	private static final int RATE = 100;

	private static final int LOW_RATE = 2;

	private static final int[] WEIGHTS = { 10, 50, 100 };

	private static final Duration STEP = Bench.duration(20, 10);

	private static final Duration WARM_UP = Bench.duration(40, 15);

	private static final int INTERVAL_SECONDS = 5;

	/**
	 * 10 % of 100 GET/s over 5 s is about 50 canary requests: every interval concludes.
	 */
	private static final int MIN_REQUESTS = 20;

	private static final Duration SESSION_TTL = Duration.ofSeconds(10);

	private static final Duration LOCK_DELAY = Duration.ofSeconds(1);

	private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);

	/** Left out of each step's share: the policy's way to every replica. */
	private static final long SETTLE_MILLIS = 1000;

	private static final String SPEC_KEY = "junction/rollouts/" + USER_SERVICE;

	private static final String STATUS_KEY = "junction/rollouts-status/" + USER_SERVICE;

	private static final String POLICY_KEY = "junction/policies/" + USER_SERVICE;

	private static final String FAULTS_KEY = "junction/faults/" + USER_SERVICE;

	private static final String LEADER_KEY = "junction/leader/rollouts";

	@RegisterExtension
	static DevConsulExtension consulAgent = new DevConsulExtension();

	@RegisterExtension
	static PostgresDatabaseExtension usersDatabase = new PostgresDatabaseExtension();

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	static Consul consul;

	static AppInstance v1;

	static AppInstance v2;

	static final List<AppInstance> gateways = new ArrayList<>();

	static List<Long> users;

	static String v2Id;

	@BeforeAll
	static void deploy() {
		consul = new Consul(consulAgent);
		EdgeDeployment deployment = new EdgeDeployment(consulAgent, usersDatabase, redis, rabbit);
		v1 = deployment.startUserService("user-v1", "v1");
		v2 = deployment.startUserService("user-v2", "v2");
		// the services first, then the gateways: four JVMs starting at once
		// on 2 busy cores outlast AppInstance.STARTUP
		v1.awaitReady();
		v2.awaitReady();
		Map<String, String> properties = Map.of("junction.gateway.rate-limit.routes.sample-user-service.capacity",
				"1000000", "junction.gateway.rate-limit.routes.sample-user-service.refill-per-second", "1000000",
				"junction.gateway.policies.sample-user-service.canary-weight", "0",
				"junction.gateway.rollouts.redis-key-prefix", redis.keyPrefix() + "rollout:",
				"junction.gateway.rollouts.session-ttl", SESSION_TTL.toSeconds() + "s",
				"junction.gateway.rollouts.lock-delay", LOCK_DELAY.toSeconds() + "s",
				"logging.level.org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter", "INFO");
		gateways.add(deployment.startGateway("gateway-a1", properties));
		gateways.get(0).awaitReady();
		gateways.add(deployment.startGateway("gateway-a2", properties));
		gateways.get(1).awaitReady();
		users = deployment.createUsers(v1, "rollout-", 20);
		consul.awaitPassing(USER_SERVICE, (ports) -> ports.size() == 2, Duration.ofSeconds(30));
		v2Id = ConsulHttp.passing(consulAgent.baseUrl(), USER_SERVICE)
			.stream()
			.filter((service) -> service.get("Port").asInt() == v2.port())
			.map((service) -> service.get("ID").asString())
			.findFirst()
			.orElseThrow();
		for (AppInstance gateway : gateways) {
			SideBySide.awaitRouting(gateway, SideBySide.USERS_PATH + users.get(0), AppInstance.STARTUP);
		}
		warmUp();
	}

	/**
	 * The scenario's rate through both replicas to both versions (every other request
	 * asks for the canary by header) until the JVMs are warm: the first rollout must not
	 * measure cold JIT compilers.
	 */
	private static void warmUp() {
		try (FixedRateLoad load = new FixedRateLoad("rollout warm-up", (sequence) -> {
			String url = gateways.get((int) (sequence % 2))
				.url(SideBySide.USERS_PATH + users.get((int) (sequence % users.size())));
			return ((sequence / 2) % 2 == 0) ? FixedRateLoad.get(url, CLIENT_TIMEOUT)
					: FixedRateLoad.get(url, CLIENT_TIMEOUT, "X-Canary", "always");
		}, RATE, WARM_UP, 200).start()) {
			load.awaitEnd();
		}
	}

	@AfterAll
	static void stop() {
		List<AppInstance> all = new ArrayList<>(gateways);
		all.add(v1);
		all.add(v2);
		AppInstance.closeAll(all);
	}

	/**
	 * Every scenario starts from v1 stable and v2 at weight 0, no rollout, no fault, and
	 * both replicas up (A4 kills one).
	 */
	@BeforeEach
	void reset() {
		String consulUrl = consulAgent.baseUrl();
		ConsulHttp.deleteKv(consulUrl, SPEC_KEY);
		// one controller round, so that no round is left writing the old rollout's status
		Pause.millis(1500);
		ConsulHttp.deleteKv(consulUrl, STATUS_KEY);
		ConsulHttp.deleteKv(consulUrl, FAULTS_KEY);
		ConsulHttp.putKv(consulUrl, POLICY_KEY, """
				{"stableVersion": "v1", "canaryVersion": "v2", "canaryWeight": 0}""");
		for (AppInstance gateway : gateways) {
			if (!gateway.isAlive()) {
				gateway.restart().awaitReady();
			}
		}
		for (AppInstance gateway : gateways) {
			SideBySide.awaitRouting(gateway, SideBySide.USERS_PATH + users.get(0), AppInstance.STARTUP);
		}
		// the policy of weight 0 in force on both replicas
		Pause.millis(1000);
	}

	@Test
	@Tag("A1")
	void a1HealthyCanaryIsPromoted() {
		Run run = roll("A1", RATE, null, false);
		Timeline.save("A1", run.samples(), run.events());
		Timeline.saveShares("A1", run.perSecond());
		List<StepShare> shares = run.shares();
		long failed = run.failed();
		boolean sharesMet = shares.size() == WEIGHTS.length
				&& shares.stream().allMatch((share) -> Math.abs(share.percent() - share.weight()) <= 3.0);
		boolean met = "Promoted".equals(run.phase()) && failed == 0 && sharesMet;
		new Figure("A1", scenario("healthy v2", RATE),
				"%s; %d failed of %d; canary share per step %s".formatted(run.phase(), failed, run.samples().size(),
						describe(shares)),
				"–", "–",
				"Promoted; 0 failed requests; every step's observed canary share within ±3 points of its weight",
				Figure.met(met),
				"share = answers from the v2 instance (Junction-Instance) among the step's answers, from 1 s after the"
						+ " status's step change to the next; binomial standard deviation of each step's share "
						+ sigmas(shares) + "; " + run.describeTimes() + Bench.modeNote())
			.save();
	}

	@Test
	@Tag("A2")
	void a2CanaryAnswering500IsRolledBack() {
		Run run = roll("A2", RATE, """
				{"version": "v2", "abort": {"share": 0.1, "status": 500}}""", false);
		Timeline.save("A2", run.samples(), run.events());
		Timeline.saveShares("A2", run.perSecond());
		rolledBackFigure("A2", "v2 with 10 % injected 500s", run, 0.1, "error rate",
				"RolledBack ≤ 2 intervals after the first step's first analysis; requests failed ≤ what 10 % of the"
						+ " first step's traffic over those intervals gives, +20 %");
	}

	@Test
	@Tag("A3")
	void a3SlowCanaryIsRolledBackOnLatency() {
		Run run = roll("A3", RATE, """
				{"version": "v2", "delay": {"share": 0.5, "duration": "300ms"}}""", false);
		rolledBackFigure("A3", "v2 with +300 ms injected on 50 % of requests", run, 0.0, "p95",
				"RolledBack on latency ≤ 2 intervals after the first step's first analysis (the same bound); no"
						+ " failed request (the fault only delays)");
	}

	@Test
	@Tag("A4")
	void a4LeaderKilledAtStepTwoAnotherReplicaTakesOver() {
		Run run = roll("A4", RATE, null, true);
		long bound = 2 * SESSION_TTL.toMillis() + LOCK_DELAY.toMillis() + 2L * INTERVAL_SECONDS * 1000;
		List<Integer> steps = run.historyEvents("Step").stream().map((event) -> event.path("step").asInt()).toList();
		List<Integer> expected = new ArrayList<>();
		for (int i = 1; i < WEIGHTS.length; i++) {
			expected.add(i);
		}
		long started = run.historyEvents("Started").size();
		boolean met = run.killedAt() > 0 && run.takeoverMillis() >= 0 && run.takeoverMillis() <= bound
				&& "Promoted".equals(run.phase()) && steps.equals(expected) && started == 1;
		new Figure("A4",
				"A1 with the leader gateway replica kill -9ed when step 1 (weight " + WEIGHTS[1]
						+ ") begins; load on the survivor only from then",
				"%s; takeover %s (bound %.1f s); step history %s%s; %d failed of %d, canary share per step %s"
					.formatted(run.phase(),
							(run.takeoverMillis() < 0) ? "not seen" : "%.1f s".formatted(run.takeoverMillis() / 1000.0),
							bound / 1000.0, steps, steps.equals(expected) ? " (no step skipped or repeated)" : "",
							run.failed(), run.samples().size(), describe(run.shares())),
				"–", "–",
				"the other replica takes over ≤ 2 × session TTL + lock delay + 2 intervals; Promoted; no step"
						+ " skipped or repeated (history)",
				Figure.met(met),
				"takeover = from the kill to the first status the new leader wrote (its updatedAt); session TTL "
						+ SESSION_TTL.toSeconds() + " s, lock delay " + LOCK_DELAY.toSeconds() + " s, interval "
						+ INTERVAL_SECONDS + " s; killed " + run.killed() + "; requests in flight to it at the kill"
						+ " fail and have no target; " + run.describeTimes() + Bench.modeNote())
			.save();
	}

	@Test
	@Tag("A5")
	void a5TooLittleTrafficPausesTheRollout() {
		Run run = roll("A5", LOW_RATE, null, false);
		JsonNode status = run.status();
		String reason = (status != null) ? status.path("reason").asString("") : "";
		boolean promoted = !run.historyEvents("Promoted").isEmpty();
		long inconclusive = run.historyEvents("Inconclusive").size();
		boolean met = "Paused".equals(run.phase()) && reason.contains("inconclusive") && !promoted;
		new Figure("A5", scenario("healthy v2", LOW_RATE),
				"%s after %d inconclusive analyses (%.1f s after the spec); never promoted: %s".formatted(run.phase(),
						inconclusive, run.finalMillis() / 1000.0, promoted ? "no" : "yes"),
				"–", "–", "Paused as inconclusive, never promoted", Figure.met(met),
				"reason: " + reason + "; minRequests " + MIN_REQUESTS + ", inconclusiveLimit 3 (default); "
						+ run.describeTimes() + Bench.modeNote())
			.save();
	}

	private void rolledBackFigure(String id, String what, Run run, double faultShare, String reasonMark,
			String target) {
		JsonNode status = run.status();
		String reason = (status != null) ? status.path("reason").asString("") : "";
		long firstAnalysis = run.firstAnalysisAt();
		long rolledBack = run.historyAt("RolledBack");
		long afterFirst = (firstAnalysis > 0 && rolledBack > 0) ? rolledBack - firstAnalysis : -1;
		long boundMillis = 2L * INTERVAL_SECONDS * 1000;
		// what the first step's canary traffic would lose to the fault from the spec
		// to the rollback, +20 %
		long due = run.samples()
			.stream()
			.filter((sample) -> sample.intendedMillis() >= run.specAt()
					&& sample.intendedMillis() <= ((rolledBack > 0) ? rolledBack : Long.MAX_VALUE))
			.count();
		double expectedFailures = due * (WEIGHTS[0] / 100.0) * faultShare;
		long failedBound = (long) Math.ceil(expectedFailures * 1.2);
		long failed = run.failed();
		boolean met = "RolledBack".equals(run.phase()) && reason.contains(reasonMark) && afterFirst >= 0
				&& afterFirst <= boundMillis && failed <= failedBound;
		new Figure(id, what + ", same spec as A1",
				"%s %s after the first step's first analysis (bound %d s); %d failed of %d (bound %d)".formatted(
						run.phase(), (afterFirst < 0) ? "(no analysis seen)" : "%.1f s".formatted(afterFirst / 1000.0),
						boundMillis / 1000, failed, run.samples().size(), failedBound),
				"–", "–", target, Figure.met(met),
				((faultShare > 0)
						? "failed bound = 1.2 × " + Math.round(faultShare * 100) + " % × weight " + WEIGHTS[0]
								+ " % × the " + due + " requests due from the spec write to the rollback"
						: "the fault only delays, so the failed bound is 0") + "; reason: " + reason + "; "
						+ run.describeTimes() + Bench.modeNote())
			.save();
	}

	private static String scenario(String what, int rate) {
		return what + ", steps " + WEIGHTS[0] + "/" + WEIGHTS[1] + "/" + WEIGHTS[2] + " % × " + STEP.toSeconds()
				+ " s, interval " + INTERVAL_SECONDS + " s (minRequests " + MIN_REQUESTS + "), " + rate
				+ " GET/s without sticky keys through two gateway replicas";
	}

	private static String describe(List<StepShare> shares) {
		return shares.stream()
			.map((share) -> "%d %% → %.1f %% (%d of %d)".formatted(share.weight(), share.percent(), share.canary(),
					share.answers()))
			.collect(Collectors.joining(", ", "[", "]"));
	}

	/** The binomial standard deviation of each step's share, in points. */
	private static String sigmas(List<StepShare> shares) {
		return shares.stream().map((share) -> {
			double weight = share.weight() / 100.0;
			double sigma = (share.answers() == 0) ? 0 : 100 * Math.sqrt(weight * (1 - weight) / share.answers());
			return "%.1f".formatted(sigma);
		}).collect(Collectors.joining("/", "", " points"));
	}

	private static String spec() {
		StringBuilder steps = new StringBuilder();
		for (int weight : WEIGHTS) {
			steps.append((steps.length() > 0) ? ", " : "")
				.append("{\"weight\": ")
				.append(weight)
				.append(", \"pause\": \"")
				.append(STEP.toSeconds())
				.append("s\"}");
		}
		return "{\"canaryVersion\": \"v2\", \"steps\": [" + steps + "], \"analysis\": {\"interval\": \""
				+ INTERVAL_SECONDS + "s\", \"minRequests\": " + MIN_REQUESTS + "}}";
	}

	/**
	 * Runs one rollout under load: faults (if any) first, then the spec, then the status
	 * followed until the rollout ends, pauses or runs out of time.
	 * @param id the scenario id, for logs
	 * @param rate GETs per second, alternating between the replicas
	 * @param faults the fault document, or {@code null}
	 * @param killLeader whether to kill the leader replica when step 1 begins
	 */
	private Run roll(String id, int rate, String faults, boolean killLeader) {
		String consulUrl = consulAgent.baseUrl();
		if (faults != null) {
			ConsulHttp.putKv(consulUrl, FAULTS_KEY, faults);
			Pause.millis(1000);
		}
		Duration longest = STEP.multipliedBy(WEIGHTS.length).plusSeconds(120);
		AppInstance[] survivor = new AppInstance[1];
		List<Event> events = new ArrayList<>();
		List<Sample> samples;
		JsonNode status = null;
		long specAt;
		long finalAt = -1;
		long killedAt = -1;
		long takeover = -1;
		String killed = "–";
		try (FixedRateLoad load = new FixedRateLoad(id, (sequence) -> {
			AppInstance target = (survivor[0] != null) ? survivor[0] : gateways.get((int) (sequence % 2));
			return FixedRateLoad.get(target.url(SideBySide.USERS_PATH + users.get((int) (sequence % users.size()))),
					CLIENT_TIMEOUT);
		}, rate, longest, 200).start()) {
			Pause.millis(2000);
			specAt = System.currentTimeMillis();
			ConsulHttp.putKv(consulUrl, SPEC_KEY, spec());
			events.add(new Event(specAt, "spec written"));
			logger.info("{}: rollout spec written: {}", id, spec());
			long deadline = specAt + longest.toMillis() - 5000;
			String lastSeen = "";
			while (System.currentTimeMillis() < deadline) {
				JsonNode current = readStatus();
				if (current != null) {
					status = current;
					String phase = current.path("phase").asString();
					int step = current.path("step").asInt();
					String seen = phase + " step " + step + " weight " + current.path("weight").asInt();
					if (!seen.equals(lastSeen)) {
						lastSeen = seen;
						events.add(Event.now(seen));
						logger.info("{}: {} ({})", id, seen, current.path("reason").asString(""));
					}
					if (killLeader && killedAt < 0 && step >= 1) {
						AppInstance leader = leader();
						survivor[0] = gateways.get(1 - gateways.indexOf(leader));
						killedAt = System.currentTimeMillis();
						leader.kill();
						killed = leader.name() + " (pid " + leader.pid() + ")";
						events.add(new Event(killedAt, "kill -9 " + leader.name()));
						logger.info("{}: leader {} killed at step {}", id, killed, step);
					}
					if (killedAt > 0 && takeover < 0) {
						long updated = Instant.parse(current.path("updatedAt").asString()).toEpochMilli();
						if (updated > killedAt) {
							takeover = updated - killedAt;
							events.add(new Event(updated, "status written by " + survivor[0].name()));
							logger.info("{}: {} took over {} ms after the kill", id, survivor[0].name(), takeover);
						}
					}
					if ("Promoted".equals(phase) || "RolledBack".equals(phase) || "Paused".equals(phase)) {
						finalAt = System.currentTimeMillis();
						break;
					}
				}
				Pause.millis(100);
			}
			// a little traffic after the end: the policy the rollout left in force
			Pause.millis(2000);
			samples = load.stop();
		}
		return new Run(samples, status, events, specAt, finalAt, killedAt, takeover, killed);
	}

	private static JsonNode readStatus() {
		try {
			return ConsulHttp.getJson(consulAgent.baseUrl(), "/v1/kv/" + STATUS_KEY + "?raw");
		}
		catch (RuntimeException ex) {
			// not written yet
			return null;
		}
	}

	/**
	 * The replica holding the leader lock: its value names the JVM
	 * ({@code pid@host-...}).
	 */
	private static AppInstance leader() {
		String holder = ConsulHttp.get(consulAgent.baseUrl(), "/v1/kv/" + LEADER_KEY + "?raw");
		String pid = holder.substring(0, Math.max(0, holder.indexOf('@')));
		return gateways.stream()
			.filter((gateway) -> gateway.isAlive() && Long.toString(gateway.pid()).equals(pid))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No live gateway holds " + LEADER_KEY + " (" + holder + ")"));
	}

	/**
	 * One step's observed canary share.
	 *
	 * @param weight the step's weight
	 * @param canary answers from the v2 instance
	 * @param answers all answers that named their instance
	 */
	record StepShare(int weight, long canary, long answers) {

		double percent() {
			return (this.answers == 0) ? 0 : 100.0 * this.canary / this.answers;
		}

	}

	/**
	 * What one rollout did.
	 *
	 * @param samples every request
	 * @param status the last status read
	 * @param events what the scenario saw, for the timeline
	 * @param specAt when the spec was written
	 * @param finalAt when the final (or paused) phase was seen, or -1
	 * @param killedAt when the leader was killed, or -1
	 * @param takeoverMillis from the kill to the new leader's first status, or -1
	 * @param killed the replica killed
	 */
	record Run(List<Sample> samples, JsonNode status, List<Event> events, long specAt, long finalAt, long killedAt,
			long takeoverMillis, String killed) {

		String phase() {
			return (this.status != null) ? this.status.path("phase").asString("none") : "no status";
		}

		long failed() {
			return this.samples.stream().filter((sample) -> !sample.ok()).count();
		}

		long finalMillis() {
			return (this.finalAt > 0) ? this.finalAt - this.specAt : -1;
		}

		List<JsonNode> historyEvents(String name) {
			List<JsonNode> found = new ArrayList<>();
			if (this.status != null) {
				for (JsonNode event : this.status.path("history")) {
					if (name.equals(event.path("event").asString())) {
						found.add(event);
					}
				}
			}
			return found;
		}

		long historyAt(String name) {
			List<JsonNode> found = historyEvents(name);
			return found.isEmpty() ? -1 : Instant.parse(found.get(0).path("at").asString()).toEpochMilli();
		}

		long firstAnalysisAt() {
			return List.of("Passed", "Failed", "Inconclusive")
				.stream()
				.mapToLong(this::historyAt)
				.filter((at) -> at > 0)
				.min()
				.orElse(-1);
		}

		/** The canary share of each step, from its start (plus settling) to the next. */
		List<StepShare> shares() {
			List<long[]> starts = new ArrayList<>();
			if (this.status == null) {
				return List.of();
			}
			for (JsonNode event : this.status.path("history")) {
				String name = event.path("event").asString();
				if ("Started".equals(name) || "Step".equals(name)) {
					starts.add(new long[] { Instant.parse(event.path("at").asString()).toEpochMilli(),
							event.path("weight").asInt() });
				}
			}
			long end = historyAt("Promoted");
			if (end < 0) {
				end = historyAt("RolledBack");
			}
			if (end < 0) {
				end = Long.MAX_VALUE;
			}
			List<StepShare> shares = new ArrayList<>();
			for (int i = 0; i < starts.size(); i++) {
				long from = starts.get(i)[0] + SETTLE_MILLIS;
				long to = (i + 1 < starts.size()) ? starts.get(i + 1)[0] : end;
				List<Sample> answered = this.samples.stream()
					.filter((sample) -> sample.intendedMillis() >= from && sample.intendedMillis() < to)
					.filter((sample) -> sample.ok() && sample.instance() != null)
					.toList();
				long canary = answered.stream().filter((sample) -> Objects.equals(sample.instance(), v2Id)).count();
				shares.add(new StepShare((int) starts.get(i)[1], canary, answered.size()));
			}
			return shares;
		}

		/**
		 * Second by second from the spec write: the weight the status had set (0 after a
		 * rollback) and the canary's share of the answers.
		 */
		List<Share> perSecond() {
			List<long[]> changes = new ArrayList<>();
			if (this.status != null) {
				for (JsonNode event : this.status.path("history")) {
					String name = event.path("event").asString();
					if (List.of("Started", "Step", "Promoted", "RolledBack").contains(name)) {
						changes.add(new long[] { Instant.parse(event.path("at").asString()).toEpochMilli(),
								event.path("weight").asInt() });
					}
				}
			}
			List<Share> shares = new ArrayList<>();
			long last = this.samples.isEmpty() ? this.specAt
					: this.samples.get(this.samples.size() - 1).intendedMillis();
			for (long second = 0; this.specAt + (second + 1) * 1000 <= last; second++) {
				long from = this.specAt + second * 1000;
				long to = from + 1000;
				int weight = 0;
				for (long[] change : changes) {
					if (change[0] <= from) {
						weight = (int) change[1];
					}
				}
				List<Sample> answered = this.samples.stream()
					.filter((sample) -> sample.intendedMillis() >= from && sample.intendedMillis() < to)
					.filter((sample) -> sample.ok() && sample.instance() != null)
					.toList();
				long canary = answered.stream().filter((sample) -> Objects.equals(sample.instance(), v2Id)).count();
				shares.add(new Share(second, weight, answered.isEmpty() ? -1 : 100.0 * canary / answered.size()));
			}
			return shares;
		}

		String describeTimes() {
			return "%s %.1f s after the spec write; status changes seen: %s".formatted(phase(), finalMillis() / 1000.0,
					this.events.stream()
						.filter((event) -> !event.what().equals("spec written"))
						.map((event) -> "%s @%.1f s".formatted(event.what(), (event.atMillis() - this.specAt) / 1000.0))
						.collect(Collectors.joining("; ")));
		}

	}

}
