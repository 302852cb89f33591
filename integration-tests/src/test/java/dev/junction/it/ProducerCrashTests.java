/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.AppInstance;
import dev.junction.testsupport.BrokerProxy;
import dev.junction.testsupport.BrokerProxy.Direction;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.RedisNamespaceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * order-service killed with SIGKILL after it committed an order and its event, while the
 * outbox relay's publish is on its way: the event is published after a restart, and
 * user-service counts it exactly once.
 * <p>
 * To know where the message is at the moment of the kill, order-service reaches the
 * broker through a {@link BrokerProxy} that holds one direction: either the publish
 * before the broker (the broker never saw it) or the broker's confirm on its way back
 * (the broker delivered it, but the relay cannot know). The relay waits long for confirms
 * here ({@code junction.messaging.confirm-timeout=2m}), so it is surely still waiting
 * when it is killed.
 */
class ProducerCrashTests {

	private static final Logger logger = LoggerFactory.getLogger(ProducerCrashTests.class);

	private static final Duration PATIENCE = Duration.ofSeconds(60);

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

	static BrokerProxy proxy;

	static EventTap tap;

	static AppInstance userService;

	static AppInstance orderService;

	@BeforeAll
	static void deploy() throws Exception {
		proxy = new BrokerProxy(rabbit.server().host(), rabbit.server().port());
		Deployment deployment = new Deployment(consul, usersDatabase, ordersDatabase, redis, rabbit,
				rabbit.springProperties());
		tap = EventTap.bind(rabbit.server(), "/", deployment.events().exchange(), deployment.events().tapQueue());
		userService = deployment.startUserService("user", "v1");
		orderService = deployment.startOrderService("order", Map.of("spring.rabbitmq.port",
				Integer.toString(proxy.port()), "junction.messaging.confirm-timeout", "2m"));
		userService.awaitReady();
		orderService.awaitReady();
		new AgentCatalog(consul).awaitPassing(Deployment.USER_SERVICE, userService);
	}

	@AfterAll
	static void stop() {
		AppInstance.closeAll(userService, orderService);
		if (proxy != null) {
			proxy.close();
		}
	}

	@BeforeEach
	void brokerTrafficFlows() {
		proxy.release();
	}

	@Test
	void anEventWhoseConfirmWasLostIsPublishedAgainAfterTheRestartAndCountedOnce() throws Exception {
		long user = userWithOneCountedOrder("lost-confirm");

		proxy.hold(Direction.TO_APP);
		UUID order = SampleApi.placeCreatedOrder(orderService, user);
		// the broker has the message (user-service
		// counted it), the relay awaits its confirm
		await().atMost(PATIENCE).until(() -> SampleApi.orderCount(userService, user) == 2);
		await().atMost(PATIENCE).until(proxy::isHoldingBytes);
		assertThat(unsentEvents()).as("events committed but not confirmed").isEqualTo(1);

		crashAndRestartOrderService();

		await().atMost(PATIENCE).until(() -> unsentEvents() == 0);
		List<EventTap.Event> copies = await().atMost(PATIENCE)
			.until(() -> tap.eventsOf(order), (events) -> events.size() == 2);
		assertThat(copies.get(1).messageId()).as("message id of the repeat").isEqualTo(copies.get(0).messageId());
		assertThat(countedAfterOneMoreOrder(user)).as("orders counted: the repeat is not").isEqualTo(3);
		logger.info("Confirm lost: the event was published twice (same message id), counted once");
	}

	@Test
	void anEventWhosePublishNeverReachedTheBrokerIsPublishedAfterTheRestartAndCountedOnce() throws Exception {
		long user = userWithOneCountedOrder("lost-publish");

		proxy.hold(Direction.TO_BROKER);
		UUID order = SampleApi.placeCreatedOrder(orderService, user);
		// the relay has sent the publish, which waits in the proxy
		await().atMost(PATIENCE).until(proxy::isHoldingBytes);
		assertThat(unsentEvents()).as("events committed but not confirmed").isEqualTo(1);
		assertThat(tap.eventsOf(order)).as("copies the broker routed").isEmpty();

		crashAndRestartOrderService();

		await().atMost(PATIENCE).until(() -> unsentEvents() == 0);
		await().atMost(PATIENCE).until(() -> tap.eventsOf(order).size() == 1);
		assertThat(countedAfterOneMoreOrder(user)).as("orders counted").isEqualTo(3);
		assertThat(tap.eventsOf(order)).as("copies the broker routed").hasSize(1);
		logger.info("Publish lost: the event was published once, after the restart, and counted once");
	}

	/**
	 * A new user with one order whose event was counted, which also makes sure
	 * order-service's broker connection and channel are open before a direction is held.
	 */
	private static long userWithOneCountedOrder(String name) {
		long user = SampleApi.createUser(userService, name + "-" + UUID.randomUUID());
		SampleApi.placeCreatedOrder(orderService, user);
		await().atMost(PATIENCE).until(() -> SampleApi.orderCount(userService, user) == 1);
		return user;
	}

	private static void crashAndRestartOrderService() throws Exception {
		orderService.kill();
		// a dead process's connections are gone, and the bytes the proxy held with them
		proxy.dropConnections();
		proxy.release();
		logger.info("Killed {} (SIGKILL) with an unconfirmed event; {} event(s) unsent in its outbox",
				orderService.name(), unsentEvents());
		assertThat(unsentEvents()).as("events unsent after the crash").isEqualTo(1);
		orderService.restart().awaitReady();
		logger.info("Restarted {}", orderService.name());
	}

	/**
	 * Places one more order and waits until it is counted: user-service's queue is FIFO
	 * with one consumer, so by then every copy published before it has been handled.
	 */
	private static long countedAfterOneMoreOrder(long user) {
		long before = SampleApi.orderCount(userService, user);
		SampleApi.placeCreatedOrder(orderService, user);
		await().atMost(PATIENCE).until(() -> SampleApi.orderCount(userService, user) > before);
		return SampleApi.orderCount(userService, user);
	}

	private static long unsentEvents() throws Exception {
		return ordersDatabase.queryForLong("select count(*) from junction_outbox where sent_at is null");
	}

}
