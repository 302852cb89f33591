/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The defaults Junction changes in Spring Boot and Spring Cloud, in one place. Where a
 * capability only needs a different default, it is a property here rather than a bean, so
 * the user overrides it the usual way. Each group is skipped when its
 * {@code junction.<capability>.enabled} is {@code false}, and a key the user already set
 * is never touched ({@link JunctionDefaults}).
 */
public class JunctionDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/**
	 * Spring Cloud loggers that repeat an unreachable Consul agent as errors, many times
	 * a second; off by default (a user's own level for them wins).
	 */
	static final List<String> SPRING_CLOUD_CONSUL_OUTAGE_LOGGERS = List.of(
			"org.springframework.cloud.consul.discovery.ConsulCatalogWatch",
			"org.springframework.cloud.consul.discovery.ConsulDiscoveryClient",
			"org.springframework.cloud.consul.discovery.reactive.ConsulReactiveDiscoveryClient",
			"org.springframework.cloud.client.discovery.health.DiscoveryClientHealthIndicator",
			"org.springframework.cloud.client.discovery.health.reactive.ReactiveDiscoveryClientHealthIndicator");

	/** Name of the property source holding Junction's defaults. */
	public static final String PROPERTY_SOURCE_NAME = "junctionDefaults";

	/**
	 * The largest request header section the edge should accept
	 * ({@code server.max-http-request-header-size} of the gateway).
	 */
	public static final String EDGE_MAX_HEADER_SIZE = "16KB";

	/**
	 * What the services accept: the edge's limit plus a 4 KB request line (the edge
	 * counts it apart, Tomcat within the header section) plus 12 KB for what the edge and
	 * any proxy on the way add ({@code Forwarded}, {@code X-Forwarded-*},
	 * {@code Junction-Version}, {@code X-Correlation-Id}, trace headers). Whatever the
	 * edge lets through is then never refused by a service with an error of its own.
	 */
	public static final String SERVICE_MAX_HEADER_SIZE = "32KB";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		if (JunctionDefaults.enabled(environment, "registration")) {
			defaults.put("junction.instance.id", defaultInstanceId(environment));
			defaults.put("spring.cloud.consul.discovery.instance-id", "${junction.instance.id}");
			// the check asks whether the app takes traffic, on the port that serves it
			defaults.put("spring.cloud.consul.discovery.health-check-path", "/readyz");
			defaults.put("spring.cloud.consul.discovery.health-check-interval", "1s");
			defaults.put("spring.cloud.consul.discovery.health-check-timeout", "2s");
			// Consul's minimum: a crashed instance
			// is reaped a minute after going critical
			defaults.put("spring.cloud.consul.discovery.health-check-critical-timeout", "1m");
			// management has its own port but is not a service of its own (and the check
			// must not move to the management port)
			defaults.put("spring.cloud.service-registry.auto-registration.register-management", "false");
			// an agent that cannot be reached at start does not stop the app: it serves,
			// and the registration keeper registers it once the agent answers
			defaults.put("spring.cloud.consul.discovery.fail-fast", "false");
		}
		if (JunctionDefaults.enabled(environment, "discovery")) {
			// the DiscoveryClient (actuator, gateway
			// route locators) sees only passing ones
			defaults.put("spring.cloud.consul.discovery.query-passing", "true");
			// Junction's watch keeps the lists current; a cache would only hide changes
			defaults.put("spring.cloud.loadbalancer.cache.enabled", "false");
			// with the agent unreachable, Spring Cloud logs each failed call as an ERROR
			// with its stack trace: the catalog watch every second, the discovery client
			// and its health indicator on every health request. Junction's watches say
			// it once at WARN and again at INFO when they resume; the junctionConsul
			// health shows since when the agent is unreachable.
			for (String logger : SPRING_CLOUD_CONSUL_OUTAGE_LOGGERS) {
				defaults.put("logging.level." + logger, "off");
			}
		}
		if (JunctionDefaults.enabled(environment, "probes")) {
			defaults.put("management.endpoint.health.probes.enabled", "true");
			defaults.put("management.endpoint.health.probes.add-additional-paths", "true");
		}
		if (JunctionDefaults.enabled(environment, "shutdown")) {
			defaults.put("server.shutdown", "graceful");
		}
		if (JunctionDefaults.enabled(environment, "web")) {
			// Tomcat's and Netty's 8 KB would refuse requests the edge passed on
			defaults.put("server.max-http-request-header-size", SERVICE_MAX_HEADER_SIZE);
		}
		if (JunctionDefaults.enabled(environment, "client")) {
			// run calls on the caller's thread (keeps MDC and request context) and let
			// the client's connect/read timeouts bound them instead of a 1 s time limiter
			defaults.put("spring.cloud.circuitbreaker.resilience4j.disable-thread-pool", "true");
			defaults.put("spring.cloud.circuitbreaker.resilience4j.disable-time-limiter", "true");
			// a bulkhead would move the call onto its own thread pool again
			defaults.put("spring.cloud.circuitbreaker.bulkhead.resilience4j.enabled", "false");
		}
		JunctionDefaults.addLast(environment, PROPERTY_SOURCE_NAME, defaults);
	}

	/**
	 * The instance id when none is configured. On a fixed port it is name, address and
	 * port: an instance restarted in the same place (after a crash, say) registers under
	 * the id of the one it replaces, so Consul holds one entry for it; with a random id
	 * the dead one's entry would stay, passing, since its check reaches the new process.
	 * On a random port ({@code server.port=0}) the port is not known yet, so the id ends
	 * with a random suffix instead (Consul's own default would repeat then).
	 */
	private static String defaultInstanceId(ConfigurableEnvironment environment) {
		Integer port = environment.getProperty("server.port", Integer.class);
		if (port == null || port <= 0) {
			return "${spring.application.name:application}-" + UUID.randomUUID().toString().substring(0, 8);
		}
		String name = environment.getProperty("spring.application.name", "application");
		String address = environment.getProperty("spring.cloud.consul.discovery.ip-address",
				environment.getProperty("spring.cloud.client.ip-address", "127.0.0.1"));
		// as Consul registration writes it (letters, digits and dashes), so that the
		// Junction-Instance header and the Consul service id are the same text
		return (name + "-" + address + "-" + port).replaceAll("[^A-Za-z0-9-]", "-");
	}

	@Override
	public int getOrder() {
		// after config data, so switches and values in application.yml are seen
		return Ordered.LOWEST_PRECEDENCE;
	}

}
