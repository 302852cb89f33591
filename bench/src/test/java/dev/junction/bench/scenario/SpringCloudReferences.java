/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.junction.testsupport.AppInstance;

/**
 * What a team would build from Spring Cloud's own parts instead of the Junction gateway,
 * as the throughput (G1-G3) and start-up (S1) scenarios start it: Spring Cloud Gateway's
 * {@code lb://} route with Spring Cloud's defaults, and Spring Cloud Gateway with its own
 * equivalents of Junction's full chain. Both route {@code /api/users/**}.
 */
final class SpringCloudReferences {

	/**
	 * The packaged gateway's canary weight of sample-user-service, which the weights
	 * copy.
	 */
	static final int CANARY_WEIGHT = 20;

	private static final String ROUTES = "spring.cloud.gateway.server.webflux.routes[0].";

	private static final String UNLIMITED = "1000000000";

	private SpringCloudReferences() {
	}

	/**
	 * Registers the two versions of the user service once more under a service name per
	 * version, {@code bench-users-v1} and {@code bench-users-v2}: Spring Cloud Gateway's
	 * {@code Weight} predicate splits traffic between routes, so a canary there is one
	 * route, and one service, per version.
	 */
	static void registerVersions(Consul consul, int v1Port, int v2Port) {
		consul.register("bench-users-v1", "bench-users-v1-1", v1Port, "v1");
		consul.register("bench-users-v2", "bench-users-v2-1", v2Port, "v2");
		consul.awaitPassing("bench-users-v1", (ports) -> ports.size() == 1, Duration.ofSeconds(30));
		consul.awaitPassing("bench-users-v2", (ports) -> ports.size() == 1, Duration.ofSeconds(30));
	}

	/**
	 * Spring Cloud Gateway's {@code lb://} route with Spring Cloud's defaults:
	 * {@code /api/users/**} to {@code lb://sample-user-service} (both versions, round
	 * robin) through Consul discovery and LoadBalancer.
	 * @param name short name for logs
	 * @param consul {@code spring.cloud.consul.host} and {@code port}
	 * @param readiness a path the route answers with 200 once it knows an instance
	 */
	static AppInstance startLbGateway(String name, Map<String, String> consul, String readiness) {
		Map<String, String> properties = new LinkedHashMap<>(consul);
		properties.put("spring.application.name", name);
		properties.put("spring.cloud.consul.discovery.register", "false");
		properties.put(ROUTES + "id", "users");
		properties.put(ROUTES + "uri", "lb://" + EdgeDeployment.USER_SERVICE);
		properties.put(ROUTES + "predicates[0]", "Path=/api/users/**");
		return Bench
			.appFromClasspath(name, SideBySide.PLAIN_GATEWAY, "PlainLbGatewayApplication", "lib", "lib-plain-cloud")
			.properties(properties)
			.readiness(readiness)
			.start();
	}

	/**
	 * Spring Cloud Gateway with its own equivalents of the full chain, configured as the
	 * filters' documentation shows: two routes, {@code lb://bench-users-v1} and
	 * {@code lb://bench-users-v2}, in one {@code Weight} group at the packaged policy's
	 * weights; on each, {@code RequestRateLimiter} ({@code RedisRateLimiter}, never
	 * refusing here, keyed by the client's address), {@code CircuitBreaker}
	 * (Resilience4j's defaults, the bulkhead off, as Spring Cloud CircuitBreaker's
	 * default bulkhead answers 500 under this load) and {@code Retry} (its defaults: 3
	 * retries of GETs on 5xx and I/O errors).
	 */
	static AppInstance startEquivalentsGateway(String name, Map<String, String> consul, Map<String, String> redis,
			String readiness) {
		Map<String, String> properties = new LinkedHashMap<>(consul);
		properties.putAll(redis);
		properties.put("spring.application.name", name);
		properties.put("spring.cloud.consul.discovery.register", "false");
		properties.put("spring.cloud.circuitbreaker.bulkhead.resilience4j.enabled", "false");
		String[] versions = { "v1", "v2" };
		int[] weights = { 100 - CANARY_WEIGHT, CANARY_WEIGHT };
		for (int i = 0; i < versions.length; i++) {
			String route = "spring.cloud.gateway.server.webflux.routes[" + i + "].";
			properties.put(route + "id", "users-" + versions[i]);
			properties.put(route + "uri", "lb://bench-users-" + versions[i]);
			properties.put(route + "predicates[0]", "Path=/api/users/**");
			properties.put(route + "predicates[1]", "Weight=users, " + weights[i]);
			properties.put(route + "filters[0].name", "RequestRateLimiter");
			properties.put(route + "filters[0].args.redis-rate-limiter.replenishRate", UNLIMITED);
			properties.put(route + "filters[0].args.redis-rate-limiter.burstCapacity", UNLIMITED);
			properties.put(route + "filters[0].args.key-resolver", "#{@clientAddressKeyResolver}");
			properties.put(route + "filters[1].name", "CircuitBreaker");
			properties.put(route + "filters[1].args.name", "users-" + versions[i]);
			properties.put(route + "filters[2].name", "Retry");
			properties.put(route + "filters[2].args.retries", "3");
		}
		return Bench
			.appFromClasspath(name, "dev.junction.bench.scgequivalents.ScgEquivalentsGatewayApplication",
					"ScgEquivalentsGatewayApplication", "lib", "lib-plain-cloud", "lib-scg-equivalents")
			.properties(properties)
			.readiness(readiness)
			.start();
	}

}
