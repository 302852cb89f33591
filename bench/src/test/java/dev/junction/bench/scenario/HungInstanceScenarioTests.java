/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.junction.bench.load.FixedRateLoad;
import dev.junction.bench.load.Sample;
import dev.junction.bench.report.Figure;
import dev.junction.bench.report.Timeline;
import dev.junction.bench.report.Timeline.Event;
import dev.junction.bench.scenario.SideBySide.Outcome;
import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.AppInstance;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.RedisNamespaceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.junction.bench.scenario.EdgeDeployment.USER_SERVICE;
import static dev.junction.bench.scenario.SideBySide.JUNCTION;
import static dev.junction.bench.scenario.SideBySide.PLAIN;

/**
 * D3: one of two sample-user-service instances hangs ({@code kill -STOP}: its port still
 * accepts connections, nothing answers) for 20 s under 100 GET/s through the Junction
 * gateway and, at the same time and rate, through the plain Spring Cloud reference
 * ({@link SideBySide}); then {@code kill -CONT}. Measured on each: failed requests and
 * latency from the stop on, the last request its load balancer sent to the hung instance
 * after the stop, and the first after it resumed (TRACE log of the choices). The instance
 * stops only once both loads have settled after the apps' start, so that the figure
 * measures the hung instance and not the JVMs' first seconds.
 * <p>
 * Full suite only ({@code bench/run.sh}); {@code -Djunction.bench.smoke=true} shortens
 * it.
 */
class HungInstanceScenarioTests {

	private static final Logger logger = LoggerFactory.getLogger(HungInstanceScenarioTests.class);

	private static final int RATE = 100;

	private static final Duration WARM_UP = Bench.duration(15, 5);

	/**
	 * The longest wait for the loads to settle after the apps' start (see
	 * {@link FixedRateLoad#awaitSettled}).
	 */
	private static final Duration SETTLE_AT_MOST = Bench.duration(120, 40);

	/** The p99 of a settled load. */
	private static final long SETTLED_P99_MILLIS = 1000;

	private static final Duration STOPPED = Duration.ofSeconds(20);

	private static final Duration AFTER = Duration.ofSeconds(10);

	private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	static DevConsulExtension consulAgent = new DevConsulExtension();

	@RegisterExtension
	static PostgresDatabaseExtension usersDatabase = new PostgresDatabaseExtension();

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	static Consul consul;

	static final List<AppInstance> instances = new ArrayList<>();

	static AppInstance junction;

	static AppInstance plain;

	static List<Long> users;

	@BeforeAll
	static void deploy() {
		consul = new Consul(consulAgent);
		EdgeDeployment deployment = new EdgeDeployment(consulAgent, usersDatabase, redis, rabbit);
		instances.add(deployment.startUserService("user-a", "v1"));
		instances.add(deployment.startUserService("user-b", "v1"));
		// the services first, then the gateways: four JVMs starting at once
		// on 2 busy cores outlast AppInstance.STARTUP
		instances.forEach(AppInstance::awaitReady);
		junction = deployment.startGateway("gateway-d3",
				Map.of("junction.gateway.rate-limit.routes.sample-user-service.capacity", "1000000",
						"junction.gateway.rate-limit.routes.sample-user-service.refill-per-second", "1000000"));
		plain = SideBySide.startPlainGateway("plain-d3", consulAgent.springProperties(), Map.of());
		junction.awaitReady();
		users = deployment.createUsers(instances.get(0), "hung-", 20);
		consul.awaitPassing(USER_SERVICE, (ports) -> ports.size() == 2, Duration.ofSeconds(30));
		SideBySide.awaitRouting(junction, SideBySide.USERS_PATH + users.get(0), AppInstance.STARTUP);
		SideBySide.awaitRouting(plain, SideBySide.USERS_PATH + users.get(0), AppInstance.STARTUP);
	}

	@AfterAll
	static void stop() {
		instances.forEach((instance) -> signal(instance, "CONT"));
		List<AppInstance> all = new ArrayList<>(instances);
		all.add(junction);
		all.add(plain);
		AppInstance.closeAll(all);
	}

	@Test
	@Tag("D3")
	void oneOfTwoInstancesHangsForTwentySeconds() {
		AppInstance victim = instances.get(0);
		List<Event> events = new ArrayList<>();
		List<Sample> junctionSamples;
		List<Sample> plainSamples;
		FixedRateLoad.Settling settling;
		long stoppedAt;
		long continuedAt;
		long critical = -1;
		Duration longest = WARM_UP.plus(STOPPED).plus(AFTER).plusSeconds(60);
		try (FixedRateLoad junctionLoad = SideBySide
			.gets("D3 Junction", junction, JUNCTION, users, RATE, longest, CLIENT_TIMEOUT)
			.start();
				FixedRateLoad plainLoad = SideBySide
					.gets("D3 plain Spring Cloud", plain, PLAIN, users, RATE, longest, CLIENT_TIMEOUT)
					.start()) {
			settling = FixedRateLoad.awaitSettled(List.of(junctionLoad, plainLoad), WARM_UP, SETTLE_AT_MOST,
					SETTLED_P99_MILLIS);
			stoppedAt = System.currentTimeMillis();
			signal(victim, "STOP");
			events.add(new Event(stoppedAt, "SIGSTOP " + victim.name()));
			logger.info("D3: {} stopped (SIGSTOP) for {} s", victim.name(), STOPPED.toSeconds());
			try {
				critical = consul.awaitPassing(USER_SERVICE, (ports) -> !ports.contains(victim.port()), STOPPED);
				events.add(new Event(critical, victim.name() + " critical in Consul"));
			}
			catch (IllegalStateException ex) {
				logger.info("D3: Consul still showed {} passing {} s after the stop", victim.name(),
						STOPPED.toSeconds());
			}
			Pause.millis(Math.max(0, stoppedAt + STOPPED.toMillis() - System.currentTimeMillis()));
			continuedAt = System.currentTimeMillis();
			signal(victim, "CONT");
			events.add(new Event(continuedAt, "SIGCONT " + victim.name()));
			Pause.of(AFTER);
			junctionSamples = junctionLoad.stop();
			plainSamples = plainLoad.stop();
		}
		finally {
			signal(victim, "CONT");
		}
		Timeline.save("D3", junctionSamples, events);
		Timeline.save("D3-plain", plainSamples, events);
		Side junctionSide = side(junction, junctionSamples, victim, stoppedAt, continuedAt);
		Side plainSide = side(plain, plainSamples, victim, stoppedAt, continuedAt);
		logger.info("D3: Junction {}; plain {}", junctionSide.describe(), plainSide.describe());
		Outcome junctionOutcome = junctionSide.outcome();
		boolean met = junctionOutcome.failed() == 0 && junctionOutcome.percentileMillis(99) <= 1200
				&& junctionSide.lastAfterStop() <= 2000 && junctionSide.backAfterContinue() >= 0
				&& junctionSide.backAfterContinue() <= 5000;
		String plainP99 = "%.2f×".formatted(
				junctionOutcome.percentileMillis(99) / Math.max(0.001, plainSide.outcome().percentileMillis(99)));
		new Figure("D3",
				"one of two user-service instances SIGSTOPped for " + STOPPED.toSeconds() + " s, then SIGCONT, " + RATE
						+ " GET/s through each gateway",
				"Junction: " + junctionSide.describe(), "plain Spring Cloud: " + plainSide.describe(), plainP99,
				"0 failed; p99 ≤ 1.2 s (per-try timeout + 200 ms); no new request to the hung instance > 2 s after"
						+ " the stop; back ≤ 5 s after SIGCONT",
				Figure.met(met),
				"requests due from the stop to the end (" + AFTER.toSeconds() + " s after SIGCONT), after "
						+ settling.describe() + "; client timeout " + CLIENT_TIMEOUT.toSeconds()
						+ " s; choices of the hung instance from each gateway's"
						+ " load-balancer log; Consul showed it critical "
						+ ((critical < 0) ? "not within the stop" : (critical - stoppedAt) + " ms after the stop")
						+ "; ratio = p99, Junction / plain" + Bench.modeNote())
			.save();
	}

	private static Side side(AppInstance gateway, List<Sample> samples, AppInstance victim, long stoppedAt,
			long continuedAt) {
		List<Long> chosen = SideBySide.chosen(gateway, victim.port());
		long last = chosen.stream()
			.filter((at) -> at >= stoppedAt && at < continuedAt)
			.mapToLong((at) -> at - stoppedAt)
			.max()
			.orElse(0);
		long back = chosen.stream()
			.filter((at) -> at >= continuedAt)
			.mapToLong((at) -> at - continuedAt)
			.min()
			.orElse(-1);
		long during = chosen.stream().filter((at) -> at >= stoppedAt && at < continuedAt).count();
		return new Side(new Outcome(SideBySide.between(samples, stoppedAt, Long.MAX_VALUE)), during, last, back);
	}

	/** Sends a signal ({@code STOP}, {@code CONT}) to an instance's JVM. */
	static void signal(AppInstance instance, String signal) {
		if (instance == null || !instance.isAlive()) {
			return;
		}
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(instance.pid())).inheritIO().start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + instance.pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run kill -" + signal + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * One gateway's figures.
	 *
	 * @param outcome requests due from the stop on
	 * @param chosenWhileStopped how often it chose the hung instance while it was stopped
	 * @param lastAfterStop its last choice of the hung instance after the stop, ms
	 * @param backAfterContinue its first choice of it after SIGCONT, ms, or -1
	 */
	record Side(Outcome outcome, long chosenWhileStopped, long lastAfterStop, long backAfterContinue) {

		String describe() {
			return "%s; the hung instance chosen %d times while stopped, the last %d ms after the stop; %s".formatted(
					this.outcome.describe(), this.chosenWhileStopped, this.lastAfterStop,
					(this.backAfterContinue < 0) ? "not chosen again after SIGCONT"
							: "chosen again " + this.backAfterContinue + " ms after SIGCONT");
		}

	}

}
