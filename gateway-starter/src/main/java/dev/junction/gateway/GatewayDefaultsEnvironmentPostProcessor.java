/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

import dev.junction.starter.JunctionDefaults;

/**
 * The defaults that belong to every Junction edge, applied the way Boot applies defaults
 * ({@link JunctionDefaults}): a key the application sets wins. They are:
 * <ul>
 * <li>management (actuator, probes, the gateway's read-only route endpoints) on a port of
 * its own, {@code server.port + 1000} (8080 → 9080), or a random one when
 * {@code server.port=0}, so the edge port serves routed traffic only and tests on random
 * ports never meet a fixed one;</li>
 * <li>the probes {@code /livez} and {@code /readyz} on the management port, readiness
 * including the registry sync;</li>
 * <li>Spring Cloud Gateway's HTTP client: connect and response timeouts, a fixed pool
 * whose idle connections are dropped well before the services' keep-alive closes
 * them;</li>
 * <li>a 16 KB request header section, a 15 s idle timeout for connections that send no
 * complete request;</li>
 * <li>the observations that, without a tracer, only repeat
 * {@code spring.cloud.gateway.requests} off, the per-route filter cache on;</li>
 * <li>the starter's instance identity headers and version propagation off (the edge
 * passes the backend's identity through and decides the version itself), and the edge not
 * registered in Consul (clients reach it through DNS or a load balancer).</li>
 * </ul>
 * Runs just before the starter's own defaults so that where both have an opinion (the
 * probes' extra paths), the edge's wins.
 */
public class GatewayDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Name of the property source holding the edge's defaults. */
	public static final String PROPERTY_SOURCE_NAME = "junctionGatewayDefaults";

	/** How far above the edge port the management port lies by default. */
	static final int MANAGEMENT_PORT_OFFSET = 1000;

	private static final String SCG = "spring.cloud.gateway.server.webflux.";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("spring.cloud.consul.discovery.register", "false");
		defaults.put("junction.identity.enabled", "false");
		defaults.put("junction.client.propagation.enabled", "false");
		// the edge limits each route, not itself as a whole
		defaults.put("junction.load-shedding.enabled", "false");

		defaults.put(SCG + "route-filter-cache-enabled", "true");
		defaults.put(SCG + "observability.enabled", "false");
		defaults.put("management.observations.enable.http.server.requests", "false");
		defaults.put(SCG + "httpclient.connect-timeout", "1000");
		defaults.put(SCG + "httpclient.response-timeout", "10s");
		defaults.put(SCG + "httpclient.pool.type", "fixed");
		defaults.put(SCG + "httpclient.pool.max-connections", "1000");
		defaults.put(SCG + "httpclient.pool.acquire-timeout", "5000");
		defaults.put(SCG + "httpclient.pool.max-idle-time", "15s");
		defaults.put(SCG + "httpclient.pool.max-life-time", "5m");
		defaults.put(SCG + "httpclient.pool.eviction-interval", "10s");
		defaults.put("spring.data.redis.timeout", "1s");
		defaults.put("spring.data.redis.connect-timeout", "1s");

		// the edge routes requests and serves no files: with Boot's static resources on,
		// every unknown path was looked up in four classpath locations
		defaults.put("spring.web.resources.add-mappings", "false");
		defaults.put("server.max-http-request-header-size", "16KB");
		defaults.put("server.netty.idle-timeout", "15s");

		defaults.put("management.server.port", managementPort(environment));
		defaults.put("management.endpoints.web.exposure.include",
				"health,info,metrics,prometheus,gateway,junctionpolicies,junctionoutliers");
		defaults.put("management.endpoint.gateway.access", "read-only");
		defaults.put("management.endpoint.health.probes.enabled", "true");
		defaults.put("management.endpoint.health.probes.add-additional-paths", "false");
		defaults.put("management.endpoint.health.group.liveness.include", "livenessState");
		defaults.put("management.endpoint.health.group.liveness.additional-path", "management:/livez");
		defaults.put("management.endpoint.health.group.readiness.include", "readinessState,junctionRegistry");
		defaults.put("management.endpoint.health.group.readiness.additional-path", "management:/readyz");
		JunctionDefaults.addLast(environment, PROPERTY_SOURCE_NAME, defaults);
	}

	private static String managementPort(ConfigurableEnvironment environment) {
		int port = environment.getProperty("server.port", Integer.class, 8080);
		return (port <= 0) ? "0" : String.valueOf(port + MANAGEMENT_PORT_OFFSET);
	}

	@Override
	public int getOrder() {
		// after config data, and just before the starter's defaults
		return Ordered.LOWEST_PRECEDENCE - 1;
	}

}
