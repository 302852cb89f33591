/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The apps of a local platform and the properties each gets: every one on loopback,
 * registered in the dev agent with {@code 127.0.0.1}, its actuator (with
 * {@code /actuator/prometheus} and health details) on its management port; the services
 * with their database, Redis key prefix and the run's queue and exchange names.
 */
final class Deployment {

	static final String GATEWAY = "gateway";

	static final String USER_V1 = "user-service-v1";

	static final String USER_V2 = "user-service-v2";

	static final String ORDER = "order-service";

	private final LaunchOptions options;

	private final Ports ports;

	private final Postgres postgres;

	Deployment(LaunchOptions options, Postgres postgres) {
		this.options = options;
		this.ports = options.ports();
		this.postgres = postgres;
	}

	/** The databases the services need. */
	static List<String> databases(LaunchOptions options) {
		return List.of(usersDatabase(options), ordersDatabase(options));
	}

	static String usersDatabase(LaunchOptions options) {
		return options.namePrefix() + "_users";
	}

	static String ordersDatabase(LaunchOptions options) {
		return options.namePrefix() + "_orders";
	}

	/** The services, in start order; they start together. */
	List<AppSpec> services() {
		return List.of(userService(USER_V1, "v1", this.ports.userV1(), this.ports.userV1Management()),
				userService(USER_V2, "v2", this.ports.userV2(), this.ports.userV2Management()), orderService());
	}

	AppSpec gateway() {
		Map<String, String> properties = common(this.ports.gateway(), this.ports.gatewayManagement());
		properties.put("management.endpoints.web.exposure.include",
				"health,info,metrics,prometheus,gateway,junctionpolicies");
		return new AppSpec(GATEWAY, "gateway", "-", this.ports.gateway(), this.ports.gatewayManagement(), "/readyz",
				true, properties);
	}

	private AppSpec userService(String name, String version, int port, int managementPort) {
		Map<String, String> properties = common(port, managementPort);
		if (version.equals("v2")) {
			properties.put("spring.profiles.active", "v2");
		}
		properties.put("junction.instance.version", version);
		properties.putAll(datasource(usersDatabase(this.options)));
		properties.put("junction.sample.user.cache.key-prefix", this.options.namePrefix() + ":sample-user:");
		properties.put("junction.sample.user.order-events.exchange", exchange());
		properties.put("junction.sample.user.order-events.queue",
				this.options.namePrefix() + ".order-placed.sample-user-service");
		return new AppSpec(name, "sample-user-service", version, port, managementPort, "/readyz", false, properties);
	}

	private AppSpec orderService() {
		Map<String, String> properties = common(this.ports.order(), this.ports.orderManagement());
		properties.put("junction.instance.version", "v1");
		properties.putAll(datasource(ordersDatabase(this.options)));
		properties.put("junction.sample.order.events.exchange", exchange());
		return new AppSpec(ORDER, "sample-order-service", "v1", this.ports.order(), this.ports.orderManagement(),
				"/readyz", false, properties);
	}

	/** The exchange order events travel by. */
	String exchange() {
		return this.options.namePrefix() + ".orders";
	}

	private Map<String, String> datasource(String database) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", this.postgres.jdbcUrl(database));
		properties.put("spring.datasource.username", Postgres.USER);
		properties.put("spring.datasource.password", this.postgres.password());
		return properties;
	}

	private Map<String, String> common(int port, int managementPort) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("server.port", Integer.toString(port));
		properties.put("management.server.port", Integer.toString(managementPort));
		// development only: everything on loopback, registered (and so called and
		// checked) there
		properties.put("server.address", ServerProbe.HOST);
		properties.put("management.server.address", ServerProbe.HOST);
		properties.put("spring.cloud.consul.host", ServerProbe.HOST);
		properties.put("spring.cloud.consul.port", Integer.toString(this.ports.consul()));
		properties.put("spring.cloud.consul.discovery.prefer-ip-address", "true");
		properties.put("spring.cloud.consul.discovery.ip-address", ServerProbe.HOST);
		properties.put("spring.main.banner-mode", "off");
		// Redis and RabbitMQ at their default local ports, present or not: the apps
		// degrade while one is
		// absent (in-process cache, rate limits per the gateway's redis-down policy,
		// events kept in the
		// outbox) and use it once it answers
		properties.put("spring.data.redis.host", ServerProbe.HOST);
		properties.put("spring.data.redis.port", Integer.toString(ServerProbe.REDIS_PORT));
		properties.put("spring.rabbitmq.host", ServerProbe.HOST);
		properties.put("spring.rabbitmq.port", Integer.toString(ServerProbe.RABBIT_PORT));
		properties.put("spring.rabbitmq.username", "guest");
		properties.put("spring.rabbitmq.password", "guest");
		properties.put("junction.messaging.dead-letter-exchange", this.options.namePrefix() + ".dlx");
		// what the compose file's Prometheus scrapes and its dashboard queries
		properties.put("management.endpoints.web.exposure.include", "health,info,metrics,prometheus");
		properties.put("management.metrics.distribution.percentiles-histogram.http.server.requests", "true");
		properties.put("management.endpoint.health.show-details", "always");
		return properties;
	}

}
