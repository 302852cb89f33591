/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.junction.bench.report.Figure;
import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.launcher.SampleProperties;
import dev.junction.testsupport.AppInstance;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.RabbitVirtualHostExtension;
import dev.junction.testsupport.RedisNamespaceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * F1: orders placed through order-service, whose {@code OrderPlaced} events go through
 * the starter's outbox relay (publisher confirms) to user-service, which counts each
 * order once (idempotent consumer). Mid-stream the broker closes every connection of the
 * scenario's virtual host, and later order-service is killed with SIGKILL and started
 * again. At the consumer's database: every order counted exactly once (none lost, none
 * counted twice).
 * <p>
 * If the outbox stops draining (no event sent for {@value #STALL_SECONDS} s while some
 * are unsent), the scenario takes a thread dump of order-service ({@code jstack}) and
 * fails naming it: a stalled relay is a finding, not something to wait out.
 */
@Tag("quick")
@Tag("F1")
class OutboxFaultScenarioTests {

	private static final Logger logger = LoggerFactory.getLogger(OutboxFaultScenarioTests.class);

	private static final int ORDERS = Integer.getInteger("junction.bench.f1.orders", Bench.pick(3_000, 10_000));

	private static final int BUYERS = 20;

	private static final int CLIENT_THREADS = 8;

	private static final int STALL_SECONDS = 30;

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

	@RegisterExtension
	static RabbitVirtualHostExtension broker = new RabbitVirtualHostExtension();

	static SampleProperties samples;

	static AppInstance userService;

	static volatile AppInstance orderService;

	static AppInstance killed;

	static int orderServiceStarts;

	@BeforeAll
	static void deploy() {
		samples = EdgeDeployment.samples(consul, redis, rabbit, broker.springProperties());
		userService = Bench.app("user", SampleProperties.USER_SERVICE)
			.properties(samples.userService("v1", usersDatabase.springProperties()))
			.start();
		orderService = startOrderService();
		userService.awaitReady();
		orderService.awaitReady();
		new Consul(consul).awaitPassing(EdgeDeployment.USER_SERVICE, (ports) -> ports.contains(userService.port()),
				Duration.ofSeconds(30));
	}

	private static AppInstance startOrderService() {
		return Bench.app("order-" + (++orderServiceStarts), SampleProperties.ORDER_SERVICE)
			.properties(samples.orderService(ordersDatabase.springProperties()))
			.start();
	}

	@AfterAll
	static void stop() {
		AppInstance.closeAll(Arrays.asList(userService, orderService, killed));
	}

	@Test
	void everyOrderIsCountedExactlyOnceThroughConnectionLossAndAProducerCrash() throws Exception {
		List<Long> buyers = new EdgeDeployment(consul, usersDatabase, redis, rabbit).createUsers(userService, "buyer-",
				BUYERS);
		logger.info("Placing {} orders with {} client threads; the broker closes every connection at a third,"
				+ " order-service is killed (SIGKILL) at two thirds", ORDERS, CLIENT_THREADS);
		long began = System.nanoTime();
		long crashedAtUnsent;
		String relayStall;
		try (OrderLoad load = new OrderLoad(() -> orderService, buyers, ORDERS, CLIENT_THREADS)) {
			awaitPlaced(load, ORDERS / 3);
			broker.closeAllConnections("junction bench F1: the broker drops every connection");
			logger.info("The broker closed every connection of virtual host {} after {} orders", broker.name(),
					load.placed());
			awaitPlaced(load, 2 * ORDERS / 3);
			relayStall = stalledRelayBeforeTheKill();
			killed = orderService;
			killed.kill();
			crashedAtUnsent = unsent();
			logger.info("Killed {} (SIGKILL) after {} orders; {} events unsent in its outbox", killed.name(),
					load.placed(), crashedAtUnsent);
			AppInstance restarted = startOrderService();
			restarted.awaitReady();
			orderService = restarted;
			logger.info("{} ready", restarted.name());
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
			while (!load.isDone() && System.nanoTime() < deadline) {
				Pause.millis(1000);
				logProgress(load.progress());
			}
			assertThat(load.isDone()).as("all orders placed within 10 minutes: %s", load.progress()).isTrue();
			assertThat(load.failed()).as("orders given up by the client: %s", load.progress()).isZero();
		}
		long orders = ordersDatabase.queryForLong("select count(*) from orders");
		assertThat(orders).as("orders in order-service's database (each Idempotency-Key once)").isEqualTo(ORDERS);
		awaitOutboxDrained(orders);
		Duration elapsed = Duration.ofNanos(System.nanoTime() - began);

		// one more order: user-service's queue is FIFO with one consumer, so once its
		// event is counted, every
		// copy published before it (repeats included) has been handled
		long sentinel = new EdgeDeployment(consul, usersDatabase, redis, rabbit)
			.createUsers(userService, "sentinel-", 1)
			.get(0);
		try (OrderLoad last = new OrderLoad(() -> orderService, List.of(sentinel), 1, 1)) {
			awaitCounted(sentinel, last);
		}
		Map<Long, Long> placed = ordersDatabase
			.queryForLongs("select user_id, count(*) from orders where user_id <> " + sentinel + " group by user_id");
		Map<Long, Long> counted = usersDatabase
			.queryForLongs("select id, order_count from users where order_count > 0 and id <> " + sentinel);
		long applied = usersDatabase.queryForLong("select count(*) from junction_processed_message") - 1;
		long countedTotal = counted.values().stream().mapToLong(Long::longValue).sum();
		long lost = Math.max(0, orders - countedTotal);
		long duplicates = Math.max(0, countedTotal - orders);
		logger.info("F1: {} orders placed; user-service counted {} ({} lost, {} duplicate) and applied {} messages,"
				+ " in {} s", orders, countedTotal, lost, duplicates, applied, elapsed.toSeconds());
		new Figure("F1",
				"%d orders (outbox → publisher confirms → idempotent consumer); all broker connections closed at a third,"
					.formatted(ORDERS) + " producer kill -9 at two thirds",
				"%d lost, %d duplicate side effects (%d counted of %d placed)".formatted(lost, duplicates, countedTotal,
						orders),
				"–", "–", "0 lost, 0 duplicate", Figure.met(lost == 0 && duplicates == 0 && placed.equals(counted)),
				((relayStall != null) ? relayStall + "; " : "")
						+ "counted at user-service's database (orders per user and processed message ids); "
						+ crashedAtUnsent + " events were unsent at the kill; " + elapsed.toSeconds() + " s in all"
						+ Bench.modeNote())
			.save();
		assertThat(relayStall).as("the relay's state before the producer was killed").isNull();
		assertThat(counted).as("orders user-service counted per user, against orders placed per user")
			.isEqualTo(placed);
		assertThat(applied).as("messages the consumer applied").isEqualTo(orders);
	}

	/**
	 * Whether the relay stopped publishing after the broker closed its connections:
	 * events wait in the outbox and none was sent in the last {@value #STALL_SECONDS} s.
	 * If so, takes a thread dump of order-service before it is killed (the kill would
	 * hide it).
	 * @return what was seen, or {@code null} when the relay kept publishing
	 */
	private static String stalledRelayBeforeTheKill() throws Exception {
		long unsent = unsent();
		long sinceLastSent = ordersDatabase.queryForLong(
				"select coalesce(extract(epoch from (now() - max(sent_at))) * 1000, 0)::bigint from junction_outbox");
		if (unsent == 0 || sinceLastSent < TimeUnit.SECONDS.toMillis(10)) {
			return null;
		}
		Path dump = threadDump(orderService);
		String stall = "RELAY STALLED after the connection close: %d events unsent, none sent for %d ms; thread dump %s"
			.formatted(unsent, sinceLastSent, dump);
		logger.error(stall);
		return stall;
	}

	private static void awaitPlaced(OrderLoad load, long count) {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
		while (load.placed() < count && !load.isDone()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Orders too slow: " + load.progress());
			}
			Pause.millis(50);
			logProgress(load.progress());
		}
	}

	private static long lastLog = System.nanoTime();

	private static void logProgress(String progress) {
		if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(5)) {
			lastLog = System.nanoTime();
			logger.info("Orders: {}", progress);
		}
	}

	/**
	 * Waits until the outbox is empty and user-service counted every order; fails with a
	 * thread dump of order-service when the outbox stops draining.
	 */
	private void awaitOutboxDrained(long orders) throws Exception {
		long lastUnsent = Long.MAX_VALUE;
		long lastChange = System.nanoTime();
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
		while (System.nanoTime() < deadline) {
			long unsent = unsent();
			long counted = usersDatabase.queryForLong("select coalesce(sum(order_count), 0) from users");
			logProgress("%d events unsent in the outbox, %d of %d orders counted".formatted(unsent, counted, orders));
			if (unsent == 0 && counted >= orders) {
				return;
			}
			if (unsent < lastUnsent) {
				lastUnsent = unsent;
				lastChange = System.nanoTime();
			}
			else if (unsent > 0 && System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(STALL_SECONDS)) {
				Path dump = threadDump(orderService);
				throw new AssertionError("The outbox relay stalled: " + unsent + " events unsent and none sent for "
						+ STALL_SECONDS + " s. Thread dump of " + orderService.name() + ": " + dump + "; its log: "
						+ orderService.logFile());
			}
			Pause.millis(500);
		}
		throw new AssertionError("The outbox did not drain within 10 minutes: " + unsent() + " unsent");
	}

	private static void awaitCounted(long user, OrderLoad load) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			if (load.isDone() && usersDatabase.queryForLong("select order_count from users where id = " + user) == 1) {
				return;
			}
			Pause.millis(200);
		}
		throw new AssertionError("The sentinel order was not counted within 60 s: " + load.progress());
	}

	static Path threadDump(AppInstance app) throws IOException, InterruptedException {
		Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
		Path dump = app.logFile().resolveSibling(app.name() + "-jstack-" + System.currentTimeMillis() + ".txt");
		Process process = new ProcessBuilder(jstack.toString(), "-l", Long.toString(app.pid()))
			.redirectErrorStream(true)
			.redirectOutput(dump.toFile())
			.start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
		logger.error("Thread dump of {} (pid {}) in {} ({} bytes)", app.name(), app.pid(), dump, Files.size(dump));
		return dump;
	}

	private static long unsent() throws SQLException {
		return ordersDatabase.queryForLong("select count(*) from junction_outbox where sent_at is null");
	}

}
