/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.it;

import java.util.Map;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.launcher.SampleProperties;
import dev.junction.testsupport.AppInstance;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.RedisNamespaceExtension;

/**
 * The sample apps as one test class deploys them ({@link SampleProperties}, as the
 * launcher deploys them): every instance registers in the class's dev Consul agent on
 * loopback, user-service instances share the class's users database, Redis key prefix and
 * order-events queue, order-service instances share the orders database, and both use the
 * class's own exchange and queue names on the broker.
 */
final class Deployment {

	static final String USER_SERVICE = SampleProperties.USER_SERVICE;

	static final String ORDER_SERVICE = SampleProperties.ORDER_SERVICE;

	/** The gateway's module folder. */
	static final String GATEWAY = SampleProperties.GATEWAY;

	private final SampleProperties samples;

	private final Map<String, String> users;

	private final Map<String, String> orders;

	private final EventNames events;

	/**
	 * Describes a deployment; call from {@code @BeforeAll}, once the extensions run.
	 * @param consul the class's dev agent
	 * @param users user-service's database
	 * @param orders order-service's database
	 * @param redis the class's Redis key prefix
	 * @param rabbit the class's queue and exchange names
	 * @param broker {@code spring.rabbitmq.*} of the broker (and virtual host) to use
	 */
	Deployment(DevConsulExtension consul, PostgresDatabaseExtension users, PostgresDatabaseExtension orders,
			RedisNamespaceExtension redis, RabbitNamespaceExtension rabbit, Map<String, String> broker) {
		this.events = EventNames.of(rabbit);
		this.users = users.springProperties();
		this.orders = orders.springProperties();
		// the gateway: the class's agent (instances and live
		// policies) and Redis prefix (rate-limit buckets)
		this.samples = SampleProperties.builder()
			.consul(consul.springProperties())
			.broker(broker)
			.redis(redis.springProperties())
			.exchange(this.events.exchange())
			.userServiceQueue(this.events.userServiceQueue())
			.deadLetterExchange(this.events.deadLetterExchange())
			.cacheKeyPrefix(redis.keyPrefix())
			.rateLimitKeyPrefix(redis.keyPrefix() + "rate-limit:")
			.build();
	}

	EventNames events() {
		return this.events;
	}

	/**
	 * Starts a user-service instance.
	 * @param name short name for logs
	 * @param version its {@code junction.instance.version}
	 * @return the starting instance
	 */
	AppInstance startUserService(String name, String version) {
		return startUserService(name, version, Map.of());
	}

	/**
	 * Starts a user-service instance.
	 * @param name short name for logs
	 * @param version its {@code junction.instance.version}
	 * @param extra properties that override the deployment's
	 * @return the starting instance
	 */
	AppInstance startUserService(String name, String version, Map<String, String> extra) {
		Map<String, String> properties = this.samples.userService(version, this.users);
		// the routing tests count the calls each instance answered
		properties.put("management.endpoints.web.exposure.include", "health,metrics");
		properties.putAll(extra);
		return AppInstance.start(name, USER_SERVICE, properties);
	}

	/**
	 * Starts a gateway replica with its packaged configuration (the demo policy of
	 * user-service, its routes and rate limits) pointed at the class's agent and Redis
	 * prefix; its readiness probe is on the management port.
	 * @param name short name for logs
	 * @param extra properties that override the deployment's
	 * @return the starting replica
	 */
	AppInstance startGateway(String name, Map<String, String> extra) {
		Map<String, String> properties = this.samples.gateway();
		properties.putAll(extra);
		return AppInstance.module(name, GATEWAY).properties(properties).readinessOnManagementPort("/readyz").start();
	}

	/**
	 * Starts an order-service instance.
	 * @param name short name for logs
	 * @param extra properties that override the deployment's
	 * @return the starting instance
	 */
	AppInstance startOrderService(String name, Map<String, String> extra) {
		Map<String, String> properties = this.samples.orderService(this.orders);
		properties.putAll(extra);
		return AppInstance.start(name, ORDER_SERVICE, properties);
	}

	AppInstance startOrderService(String name) {
		return startOrderService(name, Map.of());
	}

	/**
	 * The names order events travel by.
	 *
	 * @param exchange order-service's topic exchange
	 * @param userServiceQueue user-service's quorum queue bound to it
	 * @param deadLetterExchange where failed messages go (to the queue's {@code .dlq})
	 * @param tapQueue a queue the tests bind to read what was published
	 */
	record EventNames(String exchange, String userServiceQueue, String deadLetterExchange, String tapQueue) {

		static final String ROUTING_KEY = "order.placed";

		static EventNames of(RabbitNamespaceExtension rabbit) {
			String queue = rabbit.queue("order-placed.user-service");
			rabbit.queue("order-placed.user-service.dlq"); // declared by the app; deleted
															// after the class
			return new EventNames(rabbit.exchange("orders"), queue, rabbit.exchange("dlx"), rabbit.queue("tap"));
		}

	}

}
