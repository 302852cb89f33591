/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.registration;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.starter.JunctionHeaders;
import dev.junction.starter.JunctionMetadata;
import dev.junction.starter.ProviderApp;
import dev.junction.starter.TestApps;
import dev.junction.testsupport.ConsulHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real app with the starter registers in the dev Consul agent the way the platform
 * needs it.
 */
class RegistrationTests {

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	static ConfigurableApplicationContext app;

	@BeforeAll
	static void startApp() {
		app = TestApps.start(WebApplicationType.SERVLET, ProviderApp.class, consul.springProperties(),
				"spring.application.name=catalog", "junction.instance.version=1.2.3", "junction.instance.zone=eu-1a");
		await().atMost(Duration.ofSeconds(20)).until(() -> ConsulHttp.passing(consul.baseUrl(), "catalog").size() == 1);
	}

	@AfterAll
	static void stopApp() {
		if (app != null) {
			app.close();
		}
	}

	@Test
	void theAgentShowsTheInstanceWithItsVersionAndZone() {
		JsonNode service = ConsulHttp.passing(consul.baseUrl(), "catalog").get(0);
		assertThat(service.get("Meta").get(JunctionMetadata.VERSION).asString()).isEqualTo("1.2.3");
		assertThat(service.get("Meta").get(JunctionMetadata.ZONE).asString()).isEqualTo("eu-1a");
		assertThat(service.get("ID").asString()).matches("catalog-[0-9a-f]{8}");
		assertThat(service.get("Port").asInt()).isEqualTo(TestApps.port(app));
	}

	@Test
	void consulChecksTheReadinessProbeOnTheAppPortEverySecondAndReapsACrashedInstance() {
		JsonNode checks = ConsulHttp.getJson(consul.baseUrl(), "/v1/health/checks/catalog");
		assertThat(checks).hasSize(1);
		JsonNode definition = checks.get(0).get("Definition");
		assertThat(definition.get("HTTP").asString()).isEqualTo("http://127.0.0.1:" + TestApps.port(app) + "/readyz");
		assertThat(checks.get(0).get("Interval").asString()).isEqualTo("1s");
		assertThat(definition.get("DeregisterCriticalServiceAfter").asString()).as("a crashed instance is reaped")
			.isIn("1m", "1m0s");
		assertThat(checks.get(0).get("Status").asString()).isEqualTo("passing");
	}

	@Test
	void managementIsNotRegisteredAsAServiceOfItsOwn() {
		List<String> services = new ArrayList<>();
		ConsulHttp.getJson(consul.baseUrl(), "/v1/catalog/services").propertyNames().forEach(services::add);
		assertThat(services).containsExactlyInAnyOrder("consul", "catalog");
	}

	@Test
	void probesAnswerOnTheAppPortWhileActuatorStaysOnTheManagementPort() throws IOException {
		assertThat(TestApps.get(app, "/readyz").statusCode()).isEqualTo(200);
		assertThat(TestApps.get(app, "/livez").statusCode()).isEqualTo(200);
		assertThat(TestApps.get(app, "/actuator/health").statusCode()).isEqualTo(404);
		int managementPort = app.getBean(Environment.class).getProperty("local.management.port", Integer.class);
		assertThat(managementPort).isNotEqualTo(TestApps.port(app));
		assertThat(TestApps.get("http://127.0.0.1:" + managementPort + "/actuator/health").statusCode()).isEqualTo(200);
	}

	@Test
	void failingReadinessTakesTheInstanceOutOfPassingAndAcceptingBringsItBack() {
		AvailabilityChangeEvent.publish(app, ReadinessState.REFUSING_TRAFFIC);
		try {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> ConsulHttp.passing(consul.baseUrl(), "catalog").isEmpty());
		}
		finally {
			AvailabilityChangeEvent.publish(app, ReadinessState.ACCEPTING_TRAFFIC);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> ConsulHttp.passing(consul.baseUrl(), "catalog").size() == 1);
	}

	@Test
	void everyResponseShowsWhichInstanceAnswered() throws IOException {
		HttpResponse<String> response = TestApps.get(app, "/whoami");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue(JunctionHeaders.INSTANCE))
			.hasValue(ConsulHttp.passing(consul.baseUrl(), "catalog").get(0).get("ID").asString());
		assertThat(response.headers().firstValue(JunctionHeaders.INSTANCE_VERSION)).hasValue("1.2.3");
	}

}
