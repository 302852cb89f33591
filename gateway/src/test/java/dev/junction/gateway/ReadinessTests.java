/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import java.time.Duration;
import java.util.Map;

import dev.junction.devconsul.DevConsulAgent;
import dev.junction.devconsul.DevConsulSettings;
import dev.junction.testsupport.LoopbackPorts;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's readiness ({@code /readyz} on the management port) waits for its first
 * sync with the registry, so a load balancer in front sends it nothing it would fail for
 * lack of instance lists or policies.
 */
class ReadinessTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void theGatewayIsAliveButNotReadyUntilItHasSyncedWithConsulOnce() throws Exception {
		int consulPort = LoopbackPorts.free();
		try (RunningGateway gateway = RunningGateway
			.start(Map.of("spring.cloud.consul.host", "127.0.0.1", "spring.cloud.consul.port", "" + consulPort))) {
			assertThat(gateway.management("/livez").statusCode()).isEqualTo(200);
			assertThat(gateway.management("/readyz").statusCode()).isEqualTo(503);

			try (DevConsulAgent consul = DevConsulAgent.start(DevConsulSettings.defaults().withPort(consulPort));
					FakeBackend users = FakeBackend.start(consul.baseUrl(), "sample-user-service", "v1")) {
				await().atMost(Duration.ofSeconds(40))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> gateway.management("/readyz").statusCode() == 200);
				assertThat(gateway.get("/api/users/1").statusCode()).isEqualTo(200);
			}
		}
	}

	@Test
	void readinessStaysUpThroughAConsulOutageWhileTheHealthDetailsSayUnreachableSince() throws Exception {
		int consulPort = LoopbackPorts.free();
		DevConsulAgent consul = DevConsulAgent.start(DevConsulSettings.defaults().withPort(consulPort));
		try (FakeBackend users = FakeBackend.start(consul.baseUrl(), "sample-user-service", "v1");
				RunningGateway gateway = RunningGateway
					.startReady(Map.of("spring.cloud.consul.host", "127.0.0.1", "spring.cloud.consul.port",
							"" + consulPort, "management.endpoint.health.show-details", "always"))) {
			assertThat(gateway.get("/api/users/1").statusCode()).isEqualTo(200);
			assertThat(registry(gateway)).isEqualTo("reachable");

			consul.close();
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> registry(gateway).startsWith("unreachable since "));
			assertThat(gateway.management("/readyz").statusCode()).as("readiness while Consul is down").isEqualTo(200);
			assertThat(gateway.get("/api/users/1").statusCode()).as("routed with the last known list").isEqualTo(200);
		}
		finally {
			consul.close();
		}
	}

	private static String registry(RunningGateway gateway) {
		return JSON.readTree(gateway.management("/actuator/health").body())
			.path("components")
			.path("junctionRegistry")
			.path("details")
			.path("registry")
			.asString("");
	}

}
