/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.util.List;
import java.util.Map;

/**
 * The apps of a local platform and the properties each gets: the samples' deployment
 * ({@link SampleProperties}) on the platform's ports and names, each app's actuator (with
 * {@code /actuator/prometheus} and health details) on its management port.
 */
final class Deployment {

	static final String GATEWAY = "gateway";

	static final String USER_V1 = "user-service-v1";

	static final String USER_V2 = "user-service-v2";

	static final String ORDER = "order-service";

	private final LaunchOptions options;

	private final Ports ports;

	private final Postgres postgres;

	private final SampleProperties samples;

	Deployment(LaunchOptions options, Postgres postgres) {
		this.options = options;
		this.ports = options.ports();
		this.postgres = postgres;
		// Redis and RabbitMQ at their default local ports, present or not: the apps
		// degrade while one is absent (in-process cache, rate limits per the gateway's
		// redis-down policy, events kept in the outbox) and use it once it answers
		this.samples = SampleProperties.builder()
			.consul(SampleProperties.consul(ServerProbe.HOST, this.ports.consul()))
			.broker(SampleProperties.broker(ServerProbe.HOST, ServerProbe.RABBIT_PORT, "guest", "guest"))
			.redis(SampleProperties.redis(ServerProbe.HOST, ServerProbe.REDIS_PORT))
			.exchange(options.namePrefix() + ".orders")
			.userServiceQueue(options.namePrefix() + ".order-placed.sample-user-service")
			.deadLetterExchange(options.namePrefix() + ".dlx")
			.cacheKeyPrefix(options.namePrefix() + ":sample-user:")
			.build();
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
		Map<String, String> properties = withPorts(this.samples.gateway(), this.ports.gateway(),
				this.ports.gatewayManagement());
		properties.put("management.endpoints.web.exposure.include",
				"health,info,metrics,prometheus,gateway,junctionpolicies,junctionoutliers");
		return new AppSpec(GATEWAY, SampleProperties.GATEWAY, "-", this.ports.gateway(), this.ports.gatewayManagement(),
				"/readyz", true, properties);
	}

	private AppSpec userService(String name, String version, int port, int managementPort) {
		Map<String, String> properties = withPorts(
				this.samples.userService(version, datasource(usersDatabase(this.options))), port, managementPort);
		if (version.equals("v2")) {
			properties.put("spring.profiles.active", "v2");
		}
		return new AppSpec(name, SampleProperties.USER_SERVICE, version, port, managementPort, "/readyz", false,
				properties);
	}

	private AppSpec orderService() {
		Map<String, String> properties = withPorts(this.samples.orderService(datasource(ordersDatabase(this.options))),
				this.ports.order(), this.ports.orderManagement());
		properties.put("junction.instance.version", "v1");
		return new AppSpec(ORDER, SampleProperties.ORDER_SERVICE, "v1", this.ports.order(),
				this.ports.orderManagement(), "/readyz", false, properties);
	}

	private Map<String, String> datasource(String database) {
		return SampleProperties.datasource(this.postgres.jdbcUrl(database), Postgres.USER, this.postgres.password());
	}

	private static Map<String, String> withPorts(Map<String, String> properties, int port, int managementPort) {
		properties.put("server.port", Integer.toString(port));
		properties.put("management.server.port", Integer.toString(managementPort));
		// what the compose file's Prometheus scrapes and its dashboard queries
		properties.put("management.endpoints.web.exposure.include", "health,info,metrics,prometheus,junctionoutliers");
		properties.put("management.metrics.distribution.percentiles-histogram.http.server.requests", "true");
		properties.put("management.endpoint.health.show-details", "always");
		return properties;
	}

}
