/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul.e2e;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.junction.devconsul.e2e.CallerApp.GreeterClient;
import dev.junction.devconsul.e2e.GreeterApp.HealthSwitch;
import dev.junction.devconsul.junit.DevConsulExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real client against the dev agent: Spring Boot applications using
 * spring-cloud-starter-consul-discovery and spring-cloud-starter-consul-config, started
 * in this JVM, register, find each other, follow health changes and pick up KV changes
 * through an embedded agent. Each test has its own agent.
 */
@Timeout(90)
class SpringCloudConsulEndToEndTests {

	private static final Logger logger = LoggerFactory.getLogger(SpringCloudConsulEndToEndTests.class);

	/** Generous bound for things that take one or two 1 s check intervals. */
	private static final Duration FEW_CHECK_INTERVALS = Duration.ofSeconds(10);

	/** Generous bound for an application to register and pass its first check. */
	private static final Duration STARTUP = Duration.ofSeconds(20);

	@RegisterExtension
	final DevConsulExtension consul = new DevConsulExtension();

	private AgentApi agent;

	@BeforeEach
	void connectToAgent() {
		this.agent = new AgentApi(this.consul.baseUrl());
	}

	@Test
	void serviceIsFoundThroughDiscoveryClientWithItsMetadataAndIsDeregisteredWhenItStops() throws Exception {
		try (RunningApp caller = startCaller()) {
			DiscoveryClient discovery = caller.bean(DiscoveryClient.class);
			try (RunningApp greeter = startGreeter()) {
				await().atMost(STARTUP).untilAsserted(() -> assertThat(discovery.getInstances("greeter")).hasSize(1));

				ServiceInstance instance = discovery.getInstances("greeter").get(0);
				assertThat(instance.getInstanceId()).isEqualTo("greeter-1");
				assertThat(instance.getHost()).isEqualTo("127.0.0.1");
				assertThat(instance.getPort()).isEqualTo(greeter.port());
				assertThat(instance.getMetadata()).containsEntry("version", "v2").containsEntry("zone", "zone-b");
				assertThat(discovery.getServices()).contains("greeter");
				assertThat(caller.bean(GreeterClient.class).hello()).isEqualTo("hello from greeter-1");
				assertThat(this.agent.catalogInstances("greeter")).containsExactly("greeter-1");
			}
			await().atMost(FEW_CHECK_INTERVALS).untilAsserted(() -> {
				assertThat(this.agent.catalogInstances("greeter")).isEmpty();
				assertThat(this.agent.catalogServices()).doesNotContain("greeter");
				assertThat(discovery.getInstances("greeter")).isEmpty();
			});
		}
	}

	@Test
	void serviceWhoseHealthEndpointFailsLeavesPassingResultsAndReturnsWhenItRecovers() throws Exception {
		try (RunningApp greeter = startGreeter(); RunningApp caller = startCaller()) {
			DiscoveryClient discovery = caller.bean(DiscoveryClient.class);
			await().atMost(STARTUP).untilAsserted(() -> {
				assertThat(this.agent.passingInstances("greeter")).containsExactly("greeter-1");
				assertThat(discovery.getInstances("greeter")).hasSize(1);
			});

			greeter.bean(HealthSwitch.class).fail();
			long failed = System.nanoTime();
			await().atMost(FEW_CHECK_INTERVALS).untilAsserted(() -> {
				assertThat(this.agent.passingInstances("greeter")).isEmpty();
				assertThat(discovery.getInstances("greeter")).isEmpty();
			});
			logger.info("greeter left the passing results {} ms after its health endpoint started failing "
					+ "(check interval 1 s)", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - failed));
			assertThat(this.agent.registeredInstances("greeter")).as("still registered, only critical")
				.containsExactly("greeter-1");
			assertThat(this.agent.serviceChecks("greeter")).singleElement().satisfies((check) -> {
				assertThat(check.path("Status").asString("")).isEqualTo("critical");
				assertThat(check.path("Output").asString("")).as("the check saw the failing health endpoint")
					.contains("503");
			});

			greeter.bean(HealthSwitch.class).recover();
			long recovered = System.nanoTime();
			await().atMost(FEW_CHECK_INTERVALS).untilAsserted(() -> {
				assertThat(this.agent.passingInstances("greeter")).containsExactly("greeter-1");
				assertThat(discovery.getInstances("greeter")).extracting(ServiceInstance::getInstanceId)
					.containsExactly("greeter-1");
			});
			logger.info("greeter was back in the passing results {} ms after its health endpoint recovered",
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - recovered));
		}
	}

	@Test
	void valueWrittenToKvReachesTheRunningApplicationWithoutRestart() throws Exception {
		this.agent.putKv("config/configured/greeting", "hello from consul");
		try (RunningApp app = startConfigured()) {
			assertThat(app.get("/greeting")).isEqualTo("hello from consul");

			this.agent.putKv("config/configured/greeting", "hello again, refreshed");
			long written = System.nanoTime();
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				assertThat(app.get("/greeting")).isEqualTo("hello again, refreshed");
				assertThat(app.environment().getProperty("greeting")).isEqualTo("hello again, refreshed");
			});
			logger.info("the application served the new KV value {} ms after it was written",
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - written));
		}
	}

	private RunningApp startGreeter() {
		Map<String, Object> properties = commonProperties("greeter");
		properties.put("spring.cloud.consul.config.enabled", false);
		properties.put("spring.cloud.consul.discovery.instance-id", "greeter-1");
		properties.put("spring.cloud.consul.discovery.health-check-path", "/actuator/health");
		properties.put("spring.cloud.consul.discovery.health-check-interval", "1s");
		properties.put("spring.cloud.consul.discovery.health-check-timeout", "5s");
		properties.put("spring.cloud.consul.discovery.metadata.version", "v2");
		properties.put("spring.cloud.consul.discovery.instance-zone", "zone-b");
		properties.put("spring.cloud.consul.discovery.tags", "e2e,canary");
		return RunningApp.start(GreeterApp.class, WebApplicationType.SERVLET, properties);
	}

	private RunningApp startCaller() {
		Map<String, Object> properties = commonProperties("caller");
		properties.put("spring.cloud.consul.config.enabled", false);
		properties.put("spring.cloud.consul.discovery.query-passing", true);
		return RunningApp.start(CallerApp.class, WebApplicationType.NONE, properties);
	}

	private RunningApp startConfigured() {
		Map<String, Object> properties = commonProperties("configured");
		properties.put("spring.config.import", "consul:");
		properties.put("spring.cloud.consul.discovery.enabled", false);
		properties.put("spring.cloud.consul.discovery.register", false);
		// one-second blocking queries, polled back to back: a change shows within seconds
		properties.put("spring.cloud.consul.config.watch.wait-time", 1);
		properties.put("spring.cloud.consul.config.watch.delay", 100);
		return RunningApp.start(ConfiguredApp.class, WebApplicationType.SERVLET, properties);
	}

	private Map<String, Object> commonProperties(String name) {
		Map<String, Object> properties = new LinkedHashMap<>(this.consul.springProperties());
		properties.put("spring.application.name", name);
		properties.put("server.port", 0);
		properties.put("server.address", "127.0.0.1");
		// the address Consul checks and consumers call: the loopback the app listens on
		properties.put("spring.cloud.consul.discovery.hostname", "127.0.0.1");
		properties.put("spring.jmx.enabled", false);
		return properties;
	}

}
