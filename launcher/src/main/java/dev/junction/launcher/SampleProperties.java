/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Spring properties that deploy the sample services and the gateway on one machine
 * against a Consul agent, PostgreSQL, Redis and RabbitMQ: every app on loopback,
 * registered (and so called and checked) with {@code 127.0.0.1}; user-service with its
 * database, Redis key prefix and the order-events exchange and queue; order-service with
 * its database and the exchange; the gateway with the agent (instances and live policies)
 * and Redis (rate limits). The launcher's platform starts the apps with them, and so do
 * the tests that deploy the samples (integration-tests, bench), each run with names of
 * its own. Ports are the caller's: the launcher's are fixed, the tests' free.
 */
public final class SampleProperties {

	/** Where every app listens and registers. */
	public static final String LOOPBACK = "127.0.0.1";

	/** user-service's module folder and service name. */
	public static final String USER_SERVICE = "sample-user-service";

	/** order-service's module folder and service name. */
	public static final String ORDER_SERVICE = "sample-order-service";

	/** The gateway's module folder. */
	public static final String GATEWAY = "gateway";

	private final Map<String, String> common = new LinkedHashMap<>();

	private final Map<String, String> redis;

	private final String exchange;

	private final String userServiceQueue;

	private final String cacheKeyPrefix;

	private final String rateLimitKeyPrefix;

	private SampleProperties(Builder builder) {
		this.common.putAll(Objects.requireNonNull(builder.consul, "consul"));
		// development only: everything on loopback,
		// registered (and so called and checked) there
		this.common.put("spring.cloud.consul.discovery.prefer-ip-address", "true");
		this.common.put("spring.cloud.consul.discovery.ip-address", LOOPBACK);
		this.common.put("server.address", LOOPBACK);
		this.common.put("management.server.address", LOOPBACK);
		this.common.put("spring.main.banner-mode", "off");
		this.common.putAll(Objects.requireNonNull(builder.broker, "broker"));
		this.common.put("junction.messaging.dead-letter-exchange",
				Objects.requireNonNull(builder.deadLetterExchange, "deadLetterExchange"));
		this.redis = Map.copyOf(Objects.requireNonNull(builder.redis, "redis"));
		this.exchange = Objects.requireNonNull(builder.exchange, "exchange");
		this.userServiceQueue = Objects.requireNonNull(builder.userServiceQueue, "userServiceQueue");
		this.cacheKeyPrefix = Objects.requireNonNull(builder.cacheKeyPrefix, "cacheKeyPrefix");
		this.rateLimitKeyPrefix = builder.rateLimitKeyPrefix;
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * {@code spring.cloud.consul.*} of an agent.
	 * @param host its host
	 * @param port its HTTP port
	 * @return the properties
	 */
	public static Map<String, String> consul(String host, int port) {
		return Map.of("spring.cloud.consul.host", host, "spring.cloud.consul.port", Integer.toString(port));
	}

	/**
	 * {@code spring.data.redis.*} of a server.
	 * @param host its host
	 * @param port its port
	 * @return the properties
	 */
	public static Map<String, String> redis(String host, int port) {
		return Map.of("spring.data.redis.host", host, "spring.data.redis.port", Integer.toString(port));
	}

	/**
	 * {@code spring.rabbitmq.*} of a broker.
	 * @param host its host
	 * @param port its AMQP port
	 * @param username the user
	 * @param password the password
	 * @return the properties
	 */
	public static Map<String, String> broker(String host, int port, String username, String password) {
		return Map.of("spring.rabbitmq.host", host, "spring.rabbitmq.port", Integer.toString(port),
				"spring.rabbitmq.username", username, "spring.rabbitmq.password", password);
	}

	/**
	 * {@code spring.datasource.*} of a database.
	 * @param url its JDBC URL
	 * @param username the user
	 * @param password the password
	 * @return the properties
	 */
	public static Map<String, String> datasource(String url, String username, String password) {
		return Map.of("spring.datasource.url", url, "spring.datasource.username", username,
				"spring.datasource.password", password);
	}

	/**
	 * The properties of a user-service instance.
	 * @param version its {@code junction.instance.version}
	 * @param datasource {@code spring.datasource.*} of the users database
	 * @return the properties, a map the caller may change
	 */
	public Map<String, String> userService(String version, Map<String, String> datasource) {
		Map<String, String> properties = new LinkedHashMap<>(this.common);
		properties.putAll(datasource);
		properties.putAll(this.redis);
		properties.put("junction.sample.user.cache.key-prefix", this.cacheKeyPrefix);
		properties.put("junction.sample.user.order-events.exchange", this.exchange);
		properties.put("junction.sample.user.order-events.queue", this.userServiceQueue);
		properties.put("junction.instance.version", version);
		// development: a fault document in Consul KV can make a version sick on purpose
		properties.put("junction.faults.enabled", "true");
		return properties;
	}

	/**
	 * The properties of an order-service instance.
	 * @param datasource {@code spring.datasource.*} of the orders database
	 * @return the properties, a map the caller may change
	 */
	public Map<String, String> orderService(Map<String, String> datasource) {
		Map<String, String> properties = new LinkedHashMap<>(this.common);
		properties.putAll(datasource);
		properties.put("junction.sample.order.events.exchange", this.exchange);
		properties.put("junction.faults.enabled", "true");
		return properties;
	}

	/**
	 * The properties of a gateway replica (it registers nothing and sends no messages:
	 * the discovery and broker settings it shares with the services do not apply to it).
	 * @return the properties, a map the caller may change
	 */
	public Map<String, String> gateway() {
		Map<String, String> properties = new LinkedHashMap<>(this.common);
		properties.putAll(this.redis);
		if (this.rateLimitKeyPrefix != null) {
			properties.put("junction.gateway.rate-limit.key-prefix", this.rateLimitKeyPrefix);
		}
		// development: the console's buttons and form work
		properties.put("junction.console.actions-enabled", "true");
		return properties;
	}

	/**
	 * Where the apps' servers are and the names a run uses.
	 */
	public static final class Builder {

		private Map<String, String> consul;

		private Map<String, String> broker;

		private Map<String, String> redis;

		private String exchange;

		private String userServiceQueue;

		private String deadLetterExchange;

		private String cacheKeyPrefix;

		private String rateLimitKeyPrefix;

		private Builder() {
		}

		/** {@code spring.cloud.consul.*}: the agent every app uses. */
		public Builder consul(Map<String, String> consul) {
			this.consul = consul;
			return this;
		}

		/** {@code spring.rabbitmq.*}: the broker (and virtual host) the services use. */
		public Builder broker(Map<String, String> broker) {
			this.broker = broker;
			return this;
		}

		/** {@code spring.data.redis.*}: user-service's cache, the gateway's limits. */
		public Builder redis(Map<String, String> redis) {
			this.redis = redis;
			return this;
		}

		/** order-service's topic exchange for order events. */
		public Builder exchange(String exchange) {
			this.exchange = exchange;
			return this;
		}

		/** user-service's queue of order events, bound to the exchange. */
		public Builder userServiceQueue(String userServiceQueue) {
			this.userServiceQueue = userServiceQueue;
			return this;
		}

		/** Where failed messages go. */
		public Builder deadLetterExchange(String deadLetterExchange) {
			this.deadLetterExchange = deadLetterExchange;
			return this;
		}

		/** The prefix of user-service's Redis cache keys. */
		public Builder cacheKeyPrefix(String cacheKeyPrefix) {
			this.cacheKeyPrefix = cacheKeyPrefix;
			return this;
		}

		/** The prefix of the gateway's rate-limit buckets; its default when not set. */
		public Builder rateLimitKeyPrefix(String rateLimitKeyPrefix) {
			this.rateLimitKeyPrefix = rateLimitKeyPrefix;
			return this;
		}

		public SampleProperties build() {
			return new SampleProperties(this);
		}

	}

}
