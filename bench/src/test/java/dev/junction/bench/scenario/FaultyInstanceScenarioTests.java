/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.LongStream;

import dev.junction.bench.backend.FaultyBackend;
import dev.junction.bench.load.FixedRateLoad;
import dev.junction.bench.load.Sample;
import dev.junction.bench.report.Figure;
import dev.junction.bench.report.Timeline;
import dev.junction.bench.report.Timeline.Event;
import dev.junction.bench.scenario.SideBySide.Outcome;
import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.AppInstance;
import dev.junction.testsupport.LoopbackPorts;
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
import static dev.junction.bench.scenario.SideBySide.JUNCTION;
import static dev.junction.bench.scenario.SideBySide.PLAIN;

/**
 * D4 and B1: instances that fail while Consul's check keeps passing
 * ({@link FaultyBackend}, registered as {@code sample-user-service}), under open-loop
 * GETs through the Junction gateway and, at the same time and at the same rate, through
 * the plain Spring Cloud reference ({@link SideBySide}). Every request names its gateway
 * ({@link FaultyBackend#VIA}), so the backends count each gateway's attempts.
 * <p>
 * D4: one of three instances answers 500 to everything for 60 s at 100 GET/s per gateway,
 * then heals. B1: every instance answers 503 (B1a) or refuses connections (B1b: nothing
 * listens on their ports; their checks ask a port that answers), 200 GET/s per gateway
 * for 10 s; refused attempts are counted from the gateways' load-balancer choices (TRACE
 * log), as nothing at the backend sees them.
 * <p>
 * Full suite only ({@code bench/run.sh}); {@code -Djunction.bench.smoke=true} shortens it
 * to prove the harness.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultyInstanceScenarioTests {

	private static final Logger logger = LoggerFactory.getLogger(FaultyInstanceScenarioTests.class);

	private static final int D4_RATE = 100;

	private static final Duration WARM_UP = Bench.duration(10, 3);

	private static final Duration D4_FAULT = Bench.duration(60, 10);

	/** The longest ejection of the starter's outlier detection, and a margin. */
	private static final Duration D4_HEAL_WAIT = Bench.duration(75, 20);

	private static final Duration D4_BACK_TARGET = Duration.ofSeconds(60);

	private static final int B1_RATE = 200;

	private static final Duration B1_RUN = Bench.duration(10, 5);

	private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);

	private static final List<Long> IDS = LongStream.rangeClosed(1, 20).boxed().toList();

	@RegisterExtension
	static DevConsulExtension consulAgent = new DevConsulExtension();

	static Consul consul;

	static FaultyBackend backend;

	static AppInstance junction;

	static AppInstance plain;

	static final List<Integer> d4Ports = new ArrayList<>();

	static final List<Integer> b1aPorts = new ArrayList<>();

	static final List<Integer> b1bPorts = new ArrayList<>();

	static int b1bCheckPort;

	static final List<String> registered = new ArrayList<>();

	@BeforeAll
	static void deploy() {
		consul = new Consul(consulAgent);
		for (int i = 0; i < 3; i++) {
			d4Ports.add(LoopbackPorts.free());
			b1aPorts.add(LoopbackPorts.free());
			b1bPorts.add(LoopbackPorts.free());
		}
		b1bCheckPort = LoopbackPorts.free();
		List<Integer> listening = new ArrayList<>(d4Ports);
		listening.addAll(b1aPorts);
		listening.add(b1bCheckPort);
		backend = new FaultyBackend(listening.stream().mapToInt(Integer::intValue).toArray());
		registerOnly(d4Ports, null);
		junction = SideBySide.startJunctionGateway("gateway-faulty", consulAgent.springProperties(), Map.of());
		plain = SideBySide.startPlainGateway("plain-faulty", consulAgent.springProperties(), Map.of());
		junction.awaitReady();
		SideBySide.awaitRouting(junction, SideBySide.USERS_PATH + "1", AppInstance.STARTUP);
		SideBySide.awaitRouting(plain, SideBySide.USERS_PATH + "1", AppInstance.STARTUP);
	}

	@AfterAll
	static void stop() {
		AppInstance.closeAll(junction, plain);
		if (backend != null) {
			backend.close();
		}
	}

	/**
	 * Makes the given ports the only registered instances of the service (checks on the
	 * ports themselves, or on {@code checkPort}), and waits until Consul shows them
	 * passing.
	 */
	private static void registerOnly(List<Integer> ports, Integer checkPort) {
		registered.forEach(consul::deregister);
		registered.clear();
		for (int port : ports) {
			String id = "faulty-" + port;
			if (checkPort == null) {
				consul.register(USER_SERVICE, id, port, "v1");
			}
			else {
				consul.register(USER_SERVICE, id, port, "v1", checkPort);
			}
			registered.add(id);
		}
		consul.awaitPassing(USER_SERVICE, (passing) -> passing.size() == ports.size() && passing.containsAll(ports),
				Duration.ofSeconds(30));
	}

	/**
	 * Waits until the gateway's load balancer no longer chooses the earlier instances
	 * (the plain one caches its instance list for 35 s by default): ten GETs in a row
	 * without such a choice.
	 */
	private static void awaitForgotten(AppInstance gateway, List<Integer> earlier) {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			long before = SideBySide.chosenCount(gateway, earlier);
			for (int i = 0; i < 10; i++) {
				gateway.get(SideBySide.USERS_PATH + "1", Map.of(FaultyBackend.VIA, "probe"));
			}
			if (SideBySide.chosenCount(gateway, earlier) == before) {
				return;
			}
			Pause.millis(1000);
		}
		throw new IllegalStateException(gateway.describe("still routes to the earlier instances " + earlier));
	}

	@Test
	@Order(1)
	@Tag("D4")
	void d4OneOfThreeInstancesAnswers500WhileItsCheckPasses() {
		int bad = d4Ports.get(0);
		List<Event> events = new ArrayList<>();
		List<Sample> junctionSamples;
		List<Sample> plainSamples;
		long faultFrom;
		long healedAt;
		long[] backAfter = { -1, -1 };
		String breaker;
		boolean breakerReadable;
		double notPermitted;
		long[] badDuringFault = new long[2];
		Duration longest = WARM_UP.plus(D4_FAULT).plus(D4_HEAL_WAIT).plusSeconds(30);
		try (FixedRateLoad junctionLoad = SideBySide
			.gets("D4 Junction", junction, JUNCTION, IDS, D4_RATE, longest, CLIENT_TIMEOUT)
			.start();
				FixedRateLoad plainLoad = SideBySide
					.gets("D4 plain Spring Cloud", plain, PLAIN, IDS, D4_RATE, longest, CLIENT_TIMEOUT)
					.start()) {
			Pause.of(WARM_UP);
			long[] atFault = { backend.count(bad, JUNCTION), backend.count(bad, PLAIN) };
			try (BreakerWatch watch = new BreakerWatch(junction, USER_SERVICE)) {
				double notPermittedBefore = watch.notPermitted();
				faultFrom = System.currentTimeMillis();
				backend.answer(bad, 500);
				events.add(new Event(faultFrom, "backend-" + bad + " answers 500"));
				logger.info("D4: backend-{} answers 500 to everything for {} s", bad, D4_FAULT.toSeconds());
				Pause.of(D4_FAULT);
				long[] atHeal = { backend.count(bad, JUNCTION), backend.count(bad, PLAIN) };
				badDuringFault[0] = atHeal[0] - atFault[0];
				badDuringFault[1] = atHeal[1] - atFault[1];
				healedAt = System.currentTimeMillis();
				backend.answer(bad, 200);
				events.add(new Event(healedAt, "backend-" + bad + " healed"));
				long deadline = healedAt + D4_HEAL_WAIT.toMillis();
				while (System.currentTimeMillis() < deadline && (backAfter[0] < 0 || backAfter[1] < 0)) {
					long now = System.currentTimeMillis();
					if (backAfter[0] < 0 && backend.count(bad, JUNCTION) > atHeal[0]) {
						backAfter[0] = now - healedAt;
						events.add(new Event(now, "healed one back (Junction)"));
					}
					if (backAfter[1] < 0 && backend.count(bad, PLAIN) > atHeal[1]) {
						backAfter[1] = now - healedAt;
					}
					Pause.millis(20);
				}
				Pause.millis(2000);
				breakerReadable = watch.readable();
				breaker = watch.describe();
				notPermitted = watch.notPermitted() - notPermittedBefore;
				if (watch.opened()) {
					breaker = "breaker opened (" + breaker + ")";
				}
			}
			junctionSamples = junctionLoad.stop();
			plainSamples = plainLoad.stop();
		}
		Timeline.save("D4", junctionSamples, events);
		Timeline.save("D4-plain", plainSamples, events);
		Outcome junctionFault = new Outcome(SideBySide.between(junctionSamples, faultFrom, healedAt));
		Outcome plainFault = new Outcome(SideBySide.between(plainSamples, faultFrom, healedAt));
		boolean breakerOpened = breaker.startsWith("breaker opened") || notPermitted > 0;
		logger.info("D4: during the fault, Junction {}; plain {}; {}; not permitted {}; back after {} / {} ms",
				junctionFault.describe(), plainFault.describe(), breaker, notPermitted, backAfter[0], backAfter[1]);
		String back = (backAfter[0] < 0) ? "not back within " + D4_HEAL_WAIT.toSeconds() + " s"
				: "back " + backAfter[0] + " ms after it healed";
		boolean met = junctionFault.failedPercent() <= 1.0 && breakerReadable && !breakerOpened && backAfter[0] >= 0
				&& backAfter[0] <= D4_BACK_TARGET.toMillis();
		new Figure("D4",
				"one of three instances answers 500 to everything (its check passes) for " + D4_FAULT.toSeconds()
						+ " s, " + D4_RATE + " GET/s through each gateway",
				"Junction: %s; %s; the failing instance got %d attempts; %s".formatted(junctionFault.describe(),
						breakerOpened ? "breaker opened"
								: (breakerReadable ? "breaker never open" : "breaker state not readable"),
						badDuringFault[0], back),
				"plain Spring Cloud: %s; the failing instance got %d attempts; %s".formatted(plainFault.describe(),
						badDuringFault[1],
						(backAfter[1] < 0) ? "not back" : "back " + backAfter[1] + " ms after it healed"),
				ratio(junctionFault.failed(), plainFault.failed()),
				"≤ 1 % failed; breaker never open; back ≤ one ejection period (≤ " + D4_BACK_TARGET.toSeconds()
						+ " s) after it heals",
				Figure.met(met),
				"requests due during the fault; attempts counted at the instance; breaker "
						+ "sample-user-service watched in the gateway's metrics: " + breaker + ", "
						+ notPermittedNote(notPermitted) + "; ratio = failed, Junction / plain" + Bench.modeNote())
			.save();
	}

	@Test
	@Order(2)
	@Tag("B1")
	void b1aEveryInstanceAnswers503() {
		registerOnly(b1aPorts, null);
		b1aPorts.forEach((port) -> backend.answer(port, 503));
		awaitForgotten(junction, d4Ports);
		awaitForgotten(plain, d4Ports);
		long[] before = { backend.count(b1aPorts, JUNCTION), backend.count(b1aPorts, PLAIN) };
		List<List<Sample>> samples = loadBoth("B1a");
		long junctionAttempts = backend.count(b1aPorts, JUNCTION) - before[0];
		long plainAttempts = backend.count(b1aPorts, PLAIN) - before[1];
		saveB1("B1a", "every instance (3) answers 503", samples, junctionAttempts, plainAttempts,
				"attempts counted at the instances");
	}

	@Test
	@Order(3)
	@Tag("B1")
	void b1bEveryInstanceRefusesConnections() {
		registerOnly(b1bPorts, b1bCheckPort);
		awaitForgotten(junction, b1aPorts);
		awaitForgotten(plain, b1aPorts);
		ToLongFunction<AppInstance> choices = (gateway) -> SideBySide.chosenCount(gateway, b1bPorts);
		long[] before = { choices.applyAsLong(junction), choices.applyAsLong(plain) };
		List<List<Sample>> samples = loadBoth("B1b");
		long junctionAttempts = choices.applyAsLong(junction) - before[0];
		long plainAttempts = choices.applyAsLong(plain) - before[1];
		saveB1("B1b", "every instance (3) refuses connections (their checks pass)", samples, junctionAttempts,
				plainAttempts, "attempts = the gateway's load-balancer choices of the refusing instances (TRACE log)");
	}

	private static List<List<Sample>> loadBoth(String id) {
		try (FixedRateLoad junctionLoad = SideBySide
			.gets(id + " Junction", junction, JUNCTION, IDS, B1_RATE, B1_RUN, CLIENT_TIMEOUT)
			.start();
				FixedRateLoad plainLoad = SideBySide
					.gets(id + " plain Spring Cloud", plain, PLAIN, IDS, B1_RATE, B1_RUN, CLIENT_TIMEOUT)
					.start()) {
			List<Sample> junctionSamples = junctionLoad.awaitEnd();
			List<Sample> plainSamples = plainLoad.awaitEnd();
			// answers still on their way to the instances
			Pause.millis(1000);
			return List.of(junctionSamples, plainSamples);
		}
	}

	private static void saveB1(String id, String what, List<List<Sample>> samples, long junctionAttempts,
			long plainAttempts, String note) {
		Outcome junctionOutcome = new Outcome(samples.get(0));
		Outcome plainOutcome = new Outcome(samples.get(1));
		long bound = (long) Math.floor(1.2 * junctionOutcome.total()) + 100;
		logger.info("{}: Junction {} attempts for {} requests (bound {}); plain {} attempts for {} requests", id,
				junctionAttempts, junctionOutcome.total(), bound, plainAttempts, plainOutcome.total());
		new Figure(id, what + ", " + B1_RATE + " GET/s through each gateway for " + B1_RUN.toSeconds() + " s",
				"Junction: %d backend attempts for %d requests (%.2f per request); %s".formatted(junctionAttempts,
						junctionOutcome.total(), perRequest(junctionAttempts, junctionOutcome.total()),
						junctionOutcome.describe()),
				"plain Spring Cloud: %d backend attempts for %d requests (%.2f per request); %s".formatted(
						plainAttempts, plainOutcome.total(), perRequest(plainAttempts, plainOutcome.total()),
						plainOutcome.describe()),
				ratio(junctionAttempts, plainAttempts), "attempts ≤ 1.2 × requests + 100 (here ≤ " + bound + ")",
				Figure.met(junctionAttempts <= bound), note + "; ratio = attempts, Junction / plain" + Bench.modeNote())
			.save();
	}

	private static double perRequest(long attempts, int requests) {
		return (requests == 0) ? 0 : (double) attempts / requests;
	}

	static String ratio(long junction, long plain) {
		return (plain == 0) ? "–" : "%.2f×".formatted((double) junction / plain);
	}

	private static String notPermittedNote(double notPermitted) {
		return Double.isNaN(notPermitted) ? "calls not permitted not readable"
				: "%.0f calls not permitted".formatted(notPermitted);
	}

}
