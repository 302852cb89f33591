/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class JunctionDefaultsEnvironmentPostProcessorTests {

	private final JunctionDefaultsEnvironmentPostProcessor postProcessor = new JunctionDefaultsEnvironmentPostProcessor();

	@Test
	void registersAReadinessCheckOnTheAppPortThatConsulReapsWhenCritical() {
		StandardEnvironment environment = postProcess(Map.of());
		assertThat(environment.getProperty("spring.cloud.consul.discovery.health-check-path")).isEqualTo("/readyz");
		assertThat(environment.getProperty("spring.cloud.consul.discovery.health-check-interval")).isEqualTo("1s");
		assertThat(environment.getProperty("spring.cloud.consul.discovery.health-check-critical-timeout"))
			.isEqualTo("1m");
		assertThat(environment.getProperty("spring.cloud.service-registry.auto-registration.register-management"))
			.isEqualTo("false");
		assertThat(environment.getProperty("spring.cloud.consul.discovery.fail-fast"))
			.as("an app starts while Consul cannot be reached")
			.isEqualTo("false");
		assertThat(environment.getProperty("management.endpoint.health.probes.add-additional-paths")).isEqualTo("true");
		assertThat(environment.getProperty("spring.cloud.consul.discovery.query-passing")).isEqualTo("true");
		assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
		assertThat(environment.getProperty("spring.cloud.circuitbreaker.resilience4j.disable-thread-pool"))
			.isEqualTo("true");
	}

	@Test
	void onARandomPortGivesEveryProcessOneStableUniqueInstanceIdThatConsulUsesToo() {
		StandardEnvironment environment = postProcess(Map.of("spring.application.name", "orders"));
		String id = environment.getProperty("junction.instance.id");
		assertThat(id).matches("orders-[0-9a-f]{8}");
		assertThat(environment.getProperty("junction.instance.id")).isEqualTo(id);
		assertThat(environment.getProperty("spring.cloud.consul.discovery.instance-id")).isEqualTo(id);
		assertThat(postProcess(Map.of("spring.application.name", "orders")).getProperty("junction.instance.id"))
			.isNotEqualTo(id);
	}

	@Test
	void onAFixedPortTheInstanceIdNamesTheAddressAndPortSoARestartReplacesTheDeadEntry() {
		Map<String, Object> properties = Map.of("spring.application.name", "orders", "server.port", "8083",
				"spring.cloud.consul.discovery.ip-address", "10.1.2.3");
		String id = postProcess(properties).getProperty("junction.instance.id");
		assertThat(id).isEqualTo("orders-10-1-2-3-8083");
		assertThat(postProcess(properties).getProperty("spring.cloud.consul.discovery.instance-id")).isEqualTo(id);
		assertThat(postProcess(Map.of("spring.application.name", "orders", "server.port", "8084",
				"spring.cloud.consul.discovery.ip-address", "10.1.2.3"))
			.getProperty("junction.instance.id")).isEqualTo("orders-10-1-2-3-8084");
		assertThat(postProcess(Map.of("spring.application.name", "orders", "server.port", "0"))
			.getProperty("junction.instance.id")).matches("orders-[0-9a-f]{8}");
	}

	@Test
	void servicesAcceptTheHeaderSectionsTheEdgeLetsThroughWithAMargin() {
		assertThat(DataSize.parse(postProcess(Map.of()).getProperty("server.max-http-request-header-size")))
			.isEqualTo(DataSize.ofKilobytes(32))
			.isGreaterThan(DataSize.parse(JunctionDefaultsEnvironmentPostProcessor.EDGE_MAX_HEADER_SIZE));
		assertThat(postProcess(Map.of("server.max-http-request-header-size", "64KB"))
			.getProperty("server.max-http-request-header-size")).isEqualTo("64KB");
		assertThat(postProcess(Map.of("junction.web.enabled", "false"))
			.containsProperty("server.max-http-request-header-size")).isFalse();
	}

	@Test
	void leavesWhatTheUserConfiguredAlone() {
		String catalogWatch = "logging.level.org.springframework.cloud.consul.discovery.ConsulCatalogWatch";
		StandardEnvironment environment = postProcess(Map.of("spring.cloud.consul.discovery.health-check-interval",
				"5s", "server.shutdown", "immediate", catalogWatch, "debug"));
		assertThat(environment.getProperty("spring.cloud.consul.discovery.health-check-interval")).isEqualTo("5s");
		assertThat(environment.getProperty("server.shutdown")).isEqualTo("immediate");
		assertThat(environment.getProperty(catalogWatch)).isEqualTo("debug");
		assertThat(postProcess(Map.of()).getProperty(catalogWatch)).isEqualTo("off");
	}

	@Test
	void contributesNothingForACapabilityThatIsSwitchedOff() {
		StandardEnvironment environment = postProcess(
				Map.of("junction.registration.enabled", "false", "junction.probes.enabled", "false"));
		assertThat(environment.containsProperty("spring.cloud.consul.discovery.health-check-path")).isFalse();
		assertThat(environment.containsProperty("management.endpoint.health.probes.add-additional-paths")).isFalse();
		assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
	}

	private StandardEnvironment postProcess(Map<String, Object> userProperties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("user", userProperties));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
