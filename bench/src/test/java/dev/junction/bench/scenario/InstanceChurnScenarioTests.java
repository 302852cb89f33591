/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.junction.bench.load.FixedRateLoad;
import dev.junction.bench.load.Sample;
import dev.junction.bench.report.Figure;
import dev.junction.bench.report.Timeline.Event;
import dev.junction.bench.report.Timeline;
import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.AppInstance;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.RedisNamespaceExtension;
import org.HdrHistogram.Histogram;
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

import static dev.junction.bench.scenario.EdgeDeployment.USER_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * R1, D2 and D1: two user-service instances behind the gateway under fixed-rate GETs
 * ({@link FixedRateLoad}, open loop) through the gateway. R1 restarts both gracefully,
 * one after the other (SIGTERM, a replacement started, passing, answering; then the
 * other), and D2 is measured on each replacement: from its Consul check passing to the
 * first request the gateway routes to it. D1 kills one instance with SIGKILL and measures
 * from the kill to the last request the gateway routed to it (its load balancer's
 * choices, logged at TRACE). No GET may fail in either.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceChurnScenarioTests {

	private static final Logger logger = LoggerFactory.getLogger(InstanceChurnScenarioTests.class);

	private static final int RATE = Bench.pick(40, 100);

	private static final Duration WARM_UP = Duration.ofSeconds(Bench.pick(3, 10));

	private static final Duration STEADY = Duration.ofSeconds(Bench.pick(5, 20));

	private static final Duration AFTER_KILL = Duration.ofSeconds(Bench.pick(6, 10));

	private static final int KILL_ROUNDS = Bench.pick(1, 3);

	@RegisterExtension
	static DevConsulExtension consulAgent = new DevConsulExtension();

	@RegisterExtension
	static PostgresDatabaseExtension usersDatabase = new PostgresDatabaseExtension();

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	static Consul consul;

	static EdgeDeployment deployment;

	static AppInstance gateway;

	static final List<AppInstance> instances = Collections.synchronizedList(new ArrayList<>());

	static final List<AppInstance> stopped = Collections.synchronizedList(new ArrayList<>());

	static List<Long> users;

	static int started;

	@BeforeAll
	static void deploy() {
		consul = new Consul(consulAgent);
		deployment = new EdgeDeployment(consulAgent, usersDatabase, redis, rabbit);
		instances.add(deployment.startUserService(nextName(), "v1"));
		instances.add(deployment.startUserService(nextName(), "v1"));
		// the scenario's rate, not the rate limit, is under test here
		gateway = deployment.startGateway("gateway",
				Map.of("junction.gateway.rate-limit.routes.sample-user-service.capacity", "1000000",
						"junction.gateway.rate-limit.routes.sample-user-service.refill-per-second", "1000000"));
		instances.forEach(AppInstance::awaitReady);
		gateway.awaitReady();
		users = deployment.createUsers(instances.get(0), "churn-", 20);
		consul.awaitPassing(USER_SERVICE, (ports) -> ports.size() == 2, Duration.ofSeconds(30));
	}

	@AfterAll
	static void stop() {
		List<AppInstance> all = new ArrayList<>(instances);
		all.add(gateway);
		AppInstance.closeAll(all);
	}

	private static String nextName() {
		return "user-" + (char) ('a' + started++);
	}

	private static FixedRateLoad load(Duration duration) {
		String base = gateway.url("/api/users/");
		return new FixedRateLoad("gateway GET /api/users/{id}", (sequence) -> {
			long user = users.get((int) (sequence % users.size()));
			return FixedRateLoad.get(base + user, Duration.ofSeconds(10));
		}, RATE, duration, 1000).start();
	}

	@Test
	@Order(1)
	@Tag("quick")
	@Tag("R1")
	@Tag("D2")
	void aGracefulRollingRestartOfBothInstancesFailsNoRequest() {
		List<Event> events = new ArrayList<>();
		List<Long> firstRequestAfterPassing = new ArrayList<>();
		List<Sample> samples;
		long restartsBegan;
		try (FixedRateLoad load = load(Duration.ofMinutes(10))) {
			Pause.of(WARM_UP.plus(STEADY));
			restartsBegan = System.currentTimeMillis();
			for (AppInstance old : List.copyOf(instances)) {
				events.add(Event.now("SIGTERM " + old.name()));
				logger.info("Stopping {} gracefully (SIGTERM) under load", old.name());
				int exit = old.stopGracefully();
				events.add(Event.now(old.name() + " exited"));
				instances.remove(old);
				stopped.add(old);
				AppInstance replacement = deployment.startUserService(nextName(), "v1");
				instances.add(replacement);
				events.add(Event.now("start " + replacement.name()));
				logger.info("{} exited with {}; started {}", old.name(), exit, replacement.name());
				long passing = consul.awaitPassing(USER_SERVICE, (ports) -> ports.contains(replacement.port()),
						AppInstance.STARTUP);
				events.add(new Event(passing, replacement.name() + " passing"));
				long first = awaitFirstChosen(replacement, passing);
				firstRequestAfterPassing.add(first - passing);
				logger.info("{} passing; the gateway routed its first request to it {} ms later", replacement.name(),
						first - passing);
				Pause.of(Duration.ofSeconds(2));
			}
			Pause.of(Duration.ofSeconds(2));
			samples = load.stop();
		}
		long steadyFrom = samples.get(0).intendedMillis() + WARM_UP.toMillis();
		List<Sample> steady = samples.stream()
			.filter((sample) -> sample.intendedMillis() >= steadyFrom && sample.intendedMillis() < restartsBegan)
			.toList();
		List<Sample> restarting = samples.stream()
			.filter((sample) -> sample.intendedMillis() >= restartsBegan)
			.toList();
		long failed = samples.stream().filter((sample) -> !sample.ok()).count();
		Timeline.save("R1", samples, events);
		double steadyP99 = p99(steady);
		double restartP99 = p99(restarting);
		logger.info("R1: steady {}; during the restarts {}", FixedRateLoad.summary(steady),
				FixedRateLoad.summary(restarting));
		double ratio = restartP99 / steadyP99;
		new Figure("R1",
				"rolling restart of both user-service instances (SIGTERM, replacement), GETs at " + RATE
						+ "/s through the gateway",
				"%d failed of %d; p99 %.1f ms while restarting".formatted(failed, samples.size(), restartP99),
				"steady-state p99 %.1f ms".formatted(steadyP99), "%.2f×".formatted(ratio), "0 failed; p99 ≤ 2× steady",
				Figure.met(failed == 0 && ratio <= 2.0),
				"one rolling restart; latencies open-loop from the intended send time" + Bench.modeNote())
			.save();
		long d2 = median(firstRequestAfterPassing);
		new Figure("D2", "a new user-service instance starts (the R1 replacements)",
				"first request %d ms after its check passed (median of %d: %s)".formatted(d2,
						firstRequestAfterPassing.size(), firstRequestAfterPassing),
				"–", "–", "≤ 2 s", Figure.met(d2 <= 2000),
				"passing as polled on the agent every 25 ms; first request from the gateway's load-balancer log"
						+ Bench.modeNote())
			.save();
		assertThat(failed).as("failed GETs; first failures: %s", failures(samples)).isZero();
	}

	@Test
	@Order(2)
	@Tag("quick")
	@Tag("D1")
	void killingOneOfTwoInstancesFailsNoGetAndTheDeadOneSoonGetsNoRequest() {
		List<Event> events = new ArrayList<>();
		List<Long> lastRequestAfterKill = new ArrayList<>();
		List<Long> criticalAfterKill = new ArrayList<>();
		List<Sample> samples;
		try (FixedRateLoad load = load(Duration.ofMinutes(10))) {
			Pause.of(WARM_UP);
			for (int round = 1; round <= KILL_ROUNDS; round++) {
				AppInstance victim = instances.get(0);
				awaitAnswering(victim);
				long kill = System.currentTimeMillis();
				events.add(new Event(kill, "kill -9 " + victim.name()));
				victim.kill();
				instances.remove(victim);
				stopped.add(victim);
				long critical = consul.awaitPassing(USER_SERVICE, (ports) -> !ports.contains(victim.port()),
						Duration.ofSeconds(30));
				events.add(new Event(critical, victim.name() + " critical in Consul"));
				Pause.of(AFTER_KILL);
				List<Long> chosen = EdgeDeployment.chosenTimes(gateway, victim.port())
					.stream()
					.filter((at) -> at >= kill)
					.toList();
				long last = chosen.isEmpty() ? 0 : chosen.get(chosen.size() - 1) - kill;
				lastRequestAfterKill.add(last);
				criticalAfterKill.add(critical - kill);
				logger.info(
						"Round {}: killed {}; the gateway tried it {} times after the kill, the last {} ms after;"
								+ " Consul showed it critical after {} ms",
						round, victim.name(), chosen.size(), last, critical - kill);
				if (round < KILL_ROUNDS) {
					AppInstance replacement = deployment.startUserService(nextName(), "v1");
					instances.add(replacement);
					events.add(Event.now("start " + replacement.name()));
					consul.awaitPassing(USER_SERVICE, (ports) -> ports.contains(replacement.port()),
							AppInstance.STARTUP);
					events.add(Event.now(replacement.name() + " passing"));
				}
			}
			samples = load.stop();
		}
		long failed = samples.stream().filter((sample) -> !sample.ok()).count();
		Timeline.save("D1", samples, events);
		long eviction = median(lastRequestAfterKill);
		new Figure("D1", "kill -9 one of two user-service instances, GETs at " + RATE + "/s through the gateway",
				"%d failed of %d; dead instance's last request %d ms after the kill (median of %d: %s)"
					.formatted(failed, samples.size(), eviction, lastRequestAfterKill.size(), lastRequestAfterKill),
				"–", "–", "0 failed; ≤ 1 s", Figure.met(failed == 0 && eviction <= 1000),
				"last request = the gateway's last load-balancer choice of the dead instance (TRACE log); Consul showed"
						+ " it critical after " + criticalAfterKill + " ms" + Bench.modeNote())
			.save();
		assertThat(failed).as("failed GETs; first failures: %s", failures(samples)).isZero();
	}

	private static long awaitFirstChosen(AppInstance instance, long since) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			List<Long> times = EdgeDeployment.chosenTimes(gateway, instance.port());
			if (!times.isEmpty()) {
				return times.get(0);
			}
			Pause.millis(100);
		}
		throw new IllegalStateException(gateway.describe("routed no request to " + instance.name() + " (port "
				+ instance.port() + ") within 30 s of its check passing at " + since));
	}

	private static void awaitAnswering(AppInstance instance) {
		long since = System.currentTimeMillis() - 1;
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			if (EdgeDeployment.chosenTimes(gateway, instance.port()).stream().anyMatch((at) -> at >= since)) {
				return;
			}
			Pause.millis(100);
		}
		throw new IllegalStateException(instance.name() + " got no request through the gateway within 30 s");
	}

	private static double p99(List<Sample> samples) {
		Histogram histogram = FixedRateLoad.histogram(samples);
		return histogram.getValueAtPercentile(99) / 1000.0;
	}

	static long median(List<Long> values) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
	}

	static List<String> failures(List<Sample> samples) {
		return samples.stream()
			.filter((sample) -> !sample.ok())
			.limit(10)
			.map((sample) -> sample.intendedMillis() + ": " + sample.status() + " " + sample.error())
			.toList();
	}

}
