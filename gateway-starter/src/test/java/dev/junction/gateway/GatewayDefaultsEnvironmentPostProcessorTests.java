/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import dev.junction.starter.JunctionDefaultsEnvironmentPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayDefaultsEnvironmentPostProcessorTests {

	@Test
	void managementLiesOnItsOwnPortAThousandAboveTheEdgePort() {
		assertThat(environmentWith(Map.of()).getProperty("management.server.port")).isEqualTo("9080");
		assertThat(environmentWith(Map.of("server.port", "8443")).getProperty("management.server.port"))
			.isEqualTo("9443");
	}

	@Test
	void onARandomEdgePortManagementGetsARandomPortOfItsOwnNeverAFixedOne() {
		StandardEnvironment environment = environmentWith(Map.of("server.port", "0"));
		assertThat(environment.getProperty("management.server.port")).isEqualTo("0");
	}

	@Test
	void whatTheApplicationSetsWinsOverEveryEdgeDefault() {
		StandardEnvironment environment = environmentWith(Map.of("management.server.port", "7000",
				"server.max-http-request-header-size", "8KB", "junction.identity.enabled", "true"));
		assertThat(environment.getProperty("management.server.port")).isEqualTo("7000");
		assertThat(environment.getProperty("server.max-http-request-header-size")).isEqualTo("8KB");
		assertThat(environment.getProperty("junction.identity.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("spring.cloud.gateway.server.webflux.httpclient.connect-timeout"))
			.isEqualTo("1000");
	}

	@Test
	void theEdgeKeepsItsProbesOnTheManagementPortAlthoughTheStarterWouldAddThemToTheAppPort() {
		StandardEnvironment environment = environmentWith(Map.of());
		new JunctionDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("management.endpoint.health.probes.add-additional-paths"))
			.isEqualTo("false");
		assertThat(environment.getProperty("management.endpoint.health.group.readiness.additional-path"))
			.isEqualTo("management:/readyz");
	}

	private static StandardEnvironment environmentWith(Map<String, Object> applicationProperties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("application", applicationProperties));
		new GatewayDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
