/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.junction.bench.backend.FaultyBackend;
import dev.junction.bench.load.FixedRateLoad;
import dev.junction.bench.load.Sample;
import dev.junction.bench.report.Figure;
import dev.junction.bench.report.Timeline;
import dev.junction.bench.report.Timeline.Event;
import dev.junction.bench.scenario.SideBySide.Outcome;
import dev.junction.devconsul.DevConsulAgent;
import dev.junction.devconsul.DevConsulSettings;
import dev.junction.launcher.SampleProperties;
import dev.junction.testsupport.AppInstance;
import dev.junction.testsupport.LoopbackPorts;
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
 * D5: the Consul agent stops for 60 s under 100 GET/s and 5 orders/s through a gateway;
 * in the middle of the outage a second gateway is restarted (and then routes 20 GET/s
 * with no agent to ask); the agent comes back empty (a new agent on the same port, as
 * after a restart without persistent data); once every sample instance is registered
 * again, a new user-service instance starts. The same on both sides at the same time: two
 * Junction gateways, and two plain Spring Cloud gateways ({@link SideBySide}), in front
 * of the same sample services (which run the Junction starter: their re-registration is
 * Junction's on both sides).
 * <p>
 * The loads start right after eight JVMs have started on the machine's cores, which then
 * answer slowly for a while (just-in-time compilation, first connections). The agent
 * stops only once every load has settled, and only requests due from the stop on count:
 * what the figure measures is the outage, not the apps' first seconds (reported
 * separately in its notes).
 * <p>
 * The agent runs in this JVM ({@link DevConsulAgent}) on a fixed port, so that it can be
 * stopped and started again where every app expects it. Full suite only
 * ({@code bench/run.sh}); {@code -Djunction.bench.smoke=true} shortens it.
 */
class ConsulOutageScenarioTests {

	private static final Logger logger = LoggerFactory.getLogger(ConsulOutageScenarioTests.class);

	private static final int GET_RATE = 100;

	private static final int ORDER_RATE = 5;

	private static final int RESTARTED_RATE = 20;

	private static final Duration WARM_UP = Bench.duration(15, 5);

	/**
	 * The longest wait for the loads to settle after the apps' start (see
	 * {@link FixedRateLoad#awaitSettled}).
	 */
	private static final Duration SETTLE_AT_MOST = Bench.duration(150, 40);

	/** The p99 of a settled load. */
	private static final long SETTLED_P99_MILLIS = 1000;

	private static final Duration OUTAGE = Bench.duration(60, 24);

	private static final Duration AFTER = Duration.ofSeconds(5);

	private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);

	private static final long NEVER = Long.MIN_VALUE;

	@RegisterExtension
	static PostgresDatabaseExtension usersDatabase = new PostgresDatabaseExtension();

	@RegisterExtension
	static PostgresDatabaseExtension ordersDatabase = new PostgresDatabaseExtension();

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	static int agentPort;

	static volatile DevConsulAgent agent;

	static Consul consul;

	static EdgeDeployment deployment;

	static final List<AppInstance> services = Collections.synchronizedList(new ArrayList<>());

	static AppInstance junction;

	static AppInstance junctionRestarted;

	static AppInstance plain;

	static AppInstance plainRestarted;

	static List<Long> users;

	@BeforeAll
	static void deploy() {
		agentPort = LoopbackPorts.free();
		agent = startAgent();
		consul = new Consul(agent.baseUrl());
		Map<String, String> consulProperties = SampleProperties.consul("127.0.0.1", agentPort);
		deployment = new EdgeDeployment(consulProperties, usersDatabase, redis, rabbit);
		services.add(deployment.startUserService("user-a", "v1"));
		services.add(deployment.startUserService("user-b", "v1"));
		services.add(deployment.startOrderService("order-a", ordersDatabase.springProperties()));
		// the services first, then the gateways two at a time: eight JVMs
		// starting at once on 2 busy cores outlast AppInstance.STARTUP
		services.forEach(AppInstance::awaitReady);
		Map<String, String> unlimited = Map.of("junction.gateway.rate-limit.routes.sample-user-service.capacity",
				"1000000", "junction.gateway.rate-limit.routes.sample-user-service.refill-per-second", "1000000",
				"junction.gateway.rate-limit.routes.sample-order-service.capacity", "1000000",
				"junction.gateway.rate-limit.routes.sample-order-service.refill-per-second", "1000000");
		junction = deployment.startGateway("gateway-d5", unlimited);
		plain = SideBySide.startPlainGateway("plain-d5", consulProperties, Map.of());
		junction.awaitReady();
		SideBySide.awaitListening(plain, AppInstance.STARTUP);
		junctionRestarted = deployment.startGateway("gateway-d5-restarted", unlimited);
		plainRestarted = SideBySide.startPlainGateway("plain-d5-restarted", consulProperties, Map.of());
		junctionRestarted.awaitReady();
		users = deployment.createUsers(services.get(0), "outage-", 20);
		consul.awaitPassing(USER_SERVICE, (ports) -> ports.size() == 2, Duration.ofSeconds(60));
		consul.awaitPassing(SampleProperties.ORDER_SERVICE, (ports) -> ports.size() == 1, Duration.ofSeconds(60));
		for (AppInstance gateway : List.of(junction, junctionRestarted, plain, plainRestarted)) {
			SideBySide.awaitRouting(gateway, SideBySide.USERS_PATH + users.get(0), AppInstance.STARTUP);
		}
	}

	@AfterAll
	static void stop() {
		List<AppInstance> all = new ArrayList<>(services);
		all.addAll(List.of(junction, junctionRestarted, plain, plainRestarted));
		AppInstance.closeAll(all);
		if (agent != null) {
			agent.close();
		}
	}

	private static DevConsulAgent startAgent() {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (true) {
			try {
				return DevConsulAgent.start(DevConsulSettings.defaults().withPort(agentPort));
			}
			catch (RuntimeException ex) {
				// the port of the agent just closed may take a moment to be free again
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				Pause.millis(200);
			}
		}
	}

	private static FixedRateLoad orders(String name, AppInstance gateway, String via) {
		String url = gateway.url("/api/orders");
		String run = Long.toString(System.currentTimeMillis(), 36);
		return new FixedRateLoad(name, (sequence) -> {
			long user = users.get((int) (sequence % users.size()));
			return HttpRequest.newBuilder(URI.create(url))
				.timeout(CLIENT_TIMEOUT)
				.header("Content-Type", "application/json")
				.header("Idempotency-Key", "d5-" + via + "-" + run + "-" + sequence)
				.header(FaultyBackend.VIA, via)
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"userId\": " + user + ", \"product\": \"coffee\", \"quantity\": 1}"))
				.build();
		}, ORDER_RATE, Duration.ofMinutes(10), 500).start();
	}

	@Test
	@Tag("D5")
	void theConsulAgentStopsForAMinuteAndComesBackEmpty() {
		List<Event> events = new ArrayList<>();
		Duration longest = Duration.ofMinutes(10);
		List<List<Sample>> gets;
		List<List<Sample>> placed;
		List<List<Sample>> afterRestart;
		FixedRateLoad.Settling settling;
		long down;
		long up;
		long reRegistered = -1;
		long newPassing;
		AppInstance newInstance;
		try (FixedRateLoad junctionGets = SideBySide
			.gets("D5 Junction GET", junction, JUNCTION, users, GET_RATE, longest, CLIENT_TIMEOUT)
			.start();
				FixedRateLoad plainGets = SideBySide
					.gets("D5 plain GET", plain, PLAIN, users, GET_RATE, longest, CLIENT_TIMEOUT)
					.start();
				FixedRateLoad junctionOrders = orders("D5 Junction orders", junction, JUNCTION);
				FixedRateLoad plainOrders = orders("D5 plain orders", plain, PLAIN)) {
			settling = FixedRateLoad.awaitSettled(List.of(junctionGets, plainGets, junctionOrders, plainOrders),
					WARM_UP, SETTLE_AT_MOST, SETTLED_P99_MILLIS);
			down = System.currentTimeMillis();
			agent.close();
			events.add(new Event(down, "Consul agent stopped"));
			logger.info("D5: the Consul agent is stopped for {} s", OUTAGE.toSeconds());
			Pause.of(OUTAGE.dividedBy(2));
			events.add(Event.now("restart of the second gateways"));
			for (AppInstance gateway : List.of(junctionRestarted, plainRestarted)) {
				gateway.stopGracefully();
				gateway.restart();
			}
			for (AppInstance gateway : List.of(junctionRestarted, plainRestarted)) {
				try {
					SideBySide.awaitListening(gateway, AppInstance.STARTUP);
				}
				catch (IllegalStateException ex) {
					// its GETs fail, and the figure shows it
					logger.warn("D5: {} did not come back with the agent down: {}", gateway.name(), ex.getMessage());
				}
			}
			events.add(Event.now("second gateways restarted"));
			try (FixedRateLoad junctionAfter = SideBySide
				.gets("D5 Junction restarted", junctionRestarted, JUNCTION, users, RESTARTED_RATE, longest,
						CLIENT_TIMEOUT)
				.start();
					FixedRateLoad plainAfter = SideBySide
						.gets("D5 plain restarted", plainRestarted, PLAIN, users, RESTARTED_RATE, longest,
								CLIENT_TIMEOUT)
						.start()) {
				Pause.millis(Math.max(0, down + OUTAGE.toMillis() - System.currentTimeMillis()));
				agent = startAgent();
				up = System.currentTimeMillis();
				events.add(new Event(up, "Consul agent back, empty"));
				logger.info("D5: the Consul agent is back, empty");
				List<Integer> userPorts = services.stream()
					.filter((service) -> service.name().startsWith("user-"))
					.map(AppInstance::port)
					.toList();
				try {
					reRegistered = Math.max(
							consul.awaitPassing(USER_SERVICE, (ports) -> ports.containsAll(userPorts),
									Duration.ofSeconds(90)),
							consul.awaitPassing(SampleProperties.ORDER_SERVICE, (ports) -> ports.size() == 1,
									Duration.ofSeconds(90)));
					events.add(new Event(reRegistered, "every instance registered again"));
				}
				catch (IllegalStateException ex) {
					logger.warn("D5: {}", ex.getMessage());
				}
				newInstance = deployment.startUserService("user-c", "v1");
				services.add(newInstance);
				newPassing = consul.awaitPassing(USER_SERVICE, (ports) -> ports.contains(newInstance.port()),
						AppInstance.STARTUP);
				events.add(new Event(newPassing, "user-c passing"));
				Pause.of(AFTER);
				afterRestart = List.of(junctionAfter.stop(), plainAfter.stop());
			}
			gets = List.of(junctionGets.stop(), plainGets.stop());
			placed = List.of(junctionOrders.stop(), plainOrders.stop());
		}
		Timeline.save("D5", gets.get(0), events);
		Timeline.save("D5-plain", gets.get(1), events);
		long reRegisteredAfter = (reRegistered < 0) ? -1 : reRegistered - up;
		long[] firstToNew = new long[2];
		List<AppInstance> sides = List.of(junction, plain);
		for (int side = 0; side < 2; side++) {
			firstToNew[side] = SideBySide.chosen(sides.get(side), newInstance.port())
				.stream()
				.mapToLong((at) -> at - newPassing)
				.filter((after) -> after >= -1000)
				.min()
				.orElse(NEVER);
		}
		String[] described = new String[2];
		String[] warmUp = new String[2];
		long[] failed = new long[2];
		for (int side = 0; side < 2; side++) {
			Outcome get = new Outcome(dueFrom(gets.get(side), down));
			Outcome order = new Outcome(dueFrom(placed.get(side), down));
			Outcome getsBefore = new Outcome(dueBefore(gets.get(side), down));
			Outcome ordersBefore = new Outcome(dueBefore(placed.get(side), down));
			warmUp[side] = "GETs %d failed of %d, orders %d failed of %d".formatted(getsBefore.failed(),
					getsBefore.total(), ordersBefore.failed(), ordersBefore.total());
			Outcome restarted = new Outcome(afterRestart.get(side));
			failed[side] = get.failed() + order.failed() + restarted.failed();
			described[side] = "GETs %s; orders %s; the restarted gateway's GETs %s; the new instance's first request %s"
				.formatted(get.describe(), order.describe(), restarted.describe(),
						(firstToNew[side] == NEVER) ? "never" : firstToNew[side] + " ms after its check passed");
		}
		logger.info("D5: Junction {}; plain {}; registered again {} ms after the agent came back", described[0],
				described[1], reRegisteredAfter);
		boolean met = failed[0] == 0 && reRegisteredAfter >= 0 && reRegisteredAfter <= 10_000 && firstToNew[0] != NEVER
				&& firstToNew[0] <= 2000;
		new Figure("D5",
				"the Consul agent stopped for " + OUTAGE.toSeconds() + " s under " + GET_RATE + " GET/s + " + ORDER_RATE
						+ " orders/s per gateway; a second gateway restarted in the middle; the agent"
						+ " back empty; then a new instance",
				"Junction: " + described[0] + "; every instance registered again "
						+ ((reRegisteredAfter < 0) ? "not within 90 s" : reRegisteredAfter + " ms")
						+ " after the agent came back",
				"plain Spring Cloud: " + described[1], FaultyInstanceScenarioTests.ratio(failed[0], failed[1]),
				"0 failed; the restarted gateway routes from its snapshot; all registered again ≤ 10 s after the"
						+ " agent returns; a new instance gets traffic ≤ 2 s after its check passes",
				Figure.met(met),
				"the sample services (Junction starter) serve both sides, so re-registration is the starter's on"
						+ " both; the restarted gateways get " + RESTARTED_RATE
						+ " GET/s from when they listen again; requests due from the agent's stop on are counted, after"
						+ " " + settling.describe() + ", which is not counted: Junction " + warmUp[0] + ", plain "
						+ warmUp[1] + "; the agent was away " + (up - down) + " ms; client timeout "
						+ CLIENT_TIMEOUT.toSeconds() + " s; ratio = failed, Junction / plain" + Bench.modeNote())
			.save();
	}

	private static List<Sample> dueFrom(List<Sample> samples, long from) {
		return samples.stream().filter((sample) -> sample.intendedMillis() >= from).toList();
	}

	private static List<Sample> dueBefore(List<Sample> samples, long before) {
		return samples.stream().filter((sample) -> sample.intendedMillis() < before).toList();
	}

}
