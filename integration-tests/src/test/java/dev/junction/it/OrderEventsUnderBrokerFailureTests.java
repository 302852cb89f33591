/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.it;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.AppInstance;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.RabbitVirtualHostExtension;
import dev.junction.testsupport.RedisNamespaceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Orders placed through order-service's API while the broker drops every connection of
 * both apps, twice: every order's {@code OrderPlaced} reaches user-service through the
 * outbox, and user-service counts each exactly once, however often the relay had to
 * publish it again or the broker delivered it again.
 * <p>
 * {@value #DEFAULT_ORDERS} orders by default, {@code -Djunction.it.orders=N} for another
 * number.
 */
class OrderEventsUnderBrokerFailureTests {

	private static final Logger logger = LoggerFactory.getLogger(OrderEventsUnderBrokerFailureTests.class);

	static final int DEFAULT_ORDERS = 5000;

	private static final int ORDERS = Integer.getInteger("junction.it.orders", DEFAULT_ORDERS);

	private static final int BUYERS = 20;

	private static final int CLIENT_THREADS = 8;

	private static final int CONNECTION_DROPS = 2;

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

	static Deployment deployment;

	static EventTap tap;

	static AppInstance userService;

	static AppInstance orderService;

	@BeforeAll
	static void deploy() throws Exception {
		deployment = new Deployment(consul, usersDatabase, ordersDatabase, redis, rabbit, broker.springProperties());
		tap = EventTap.bind(broker.broker(), broker.name(), deployment.events().exchange(),
				deployment.events().tapQueue());
		userService = deployment.startUserService("user", "v1");
		orderService = deployment.startOrderService("order");
		userService.awaitReady();
		orderService.awaitReady();
		new AgentCatalog(consul).awaitPassing(Deployment.USER_SERVICE, userService);
	}

	@AfterAll
	static void stop() {
		AppInstance.closeAll(userService, orderService);
	}

	@Test
	void everyOrderPlacedWhileTheBrokerDropsAllConnectionsIsCountedExactlyOnce() throws Exception {
		List<Long> buyers = SampleApi.createUsers(userService, "buyer", BUYERS);
		logger.info("Placing {} orders for {} users with {} client threads; the broker drops all connections {} times",
				ORDERS, BUYERS, CLIENT_THREADS, CONNECTION_DROPS);
		OrderTraffic.Result result;
		try (OrderTraffic traffic = OrderTraffic.burst(orderService, buyers, ORDERS, CLIENT_THREADS)) {
			for (int drop = 1; drop <= CONNECTION_DROPS; drop++) {
				long at = (long) ORDERS * drop / (CONNECTION_DROPS + 1);
				await().atMost(Duration.ofMinutes(5)).until(() -> traffic.created() >= at || traffic.isDone());
				broker.closeAllConnections("junction integration test: the broker drops every connection");
				logger.info("The broker closed every connection of virtual host {} after {} orders ({} of {})",
						broker.name(), traffic.created(), drop, CONNECTION_DROPS);
			}
			await().atMost(Duration.ofMinutes(5)).until(traffic::isDone);
			result = traffic.stop();
		}
		assertThat(result.failed())
			.as("orders not placed (placing needs no broker); first failures: %s", result.failureSamples())
			.isZero();
		long orders = ordersDatabase.queryForLong("select count(*) from orders");
		assertThat(orders).isEqualTo(ORDERS);

		Progress progress = new Progress();
		await().atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> progress.unsent() == 0 && progress.counted() >= orders);
		// one more order: the queue is FIFO with one consumer, so once its event is
		// counted, every copy published before it (repeats included) has been handled
		long sentinel = SampleApi.createUser(userService, "sentinel");
		SampleApi.placeCreatedOrder(orderService, sentinel);
		await().atMost(Duration.ofSeconds(60)).until(() -> SampleApi.orderCount(userService, sentinel) == 1);

		Map<Long, Long> placed = ordersDatabase
			.queryForLongs("select user_id, count(*) from orders where user_id <> " + sentinel + " group by user_id");
		Map<Long, Long> counted = new LinkedHashMap<>();
		for (long buyer : buyers) {
			counted.put(buyer, SampleApi.orderCount(userService, buyer));
		}
		long copies = tap.drain().size() - 1;
		long distinct = tap.distinctMessageIds().size() - 1;
		long deadLettered = tap.messagesReadyIn(deployment.events().userServiceQueue() + ".dlq");
		logger.info(
				"{} orders placed; {} events published ({} copies: {} repeats after lost confirms); "
						+ "user-service counted {}; {} dead-lettered",
				orders, distinct, copies, copies - distinct, counted.values().stream().mapToLong(Long::longValue).sum(),
				deadLettered);

		assertThat(counted).as("orders user-service counted per user, against orders placed per user")
			.isEqualTo(placed);
		assertThat(distinct).as("distinct events published").isEqualTo(orders);
		assertThat(usersDatabase.queryForLong("select count(*) from junction_processed_message"))
			.as("messages the consumer applied")
			.isEqualTo(orders + 1);
		assertThat(deadLettered).as("messages in the dead-letter queue").isZero();
	}

	/** Where the events are, logged every few seconds while the test waits. */
	private static final class Progress {

		private long lastLog = System.nanoTime();

		long unsent() throws Exception {
			return ordersDatabase.queryForLong("select count(*) from junction_outbox where sent_at is null");
		}

		long counted() throws Exception {
			long counted = usersDatabase.queryForLong("select coalesce(sum(order_count), 0) from users");
			if (System.nanoTime() - this.lastLog > Duration.ofSeconds(5).toNanos()) {
				this.lastLog = System.nanoTime();
				logger.info("Events: {} still in the outbox, {} orders counted by user-service", unsent(), counted);
			}
			return counted;
		}

	}

}
