/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import dev.junction.testsupport.ConsulHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.junction.devconsul.junit.DevConsulExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Traffic policies changed at runtime in Consul KV ({@code junction/policies/<service>}),
 * with the configured demo policy of sample-user-service as the starting point.
 */
class LivePolicyTests {

	private static final String USERS = "sample-user-service";

	private static final Duration IN_FORCE_WITHIN = Duration.ofSeconds(10);

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	static FakeBackend v1;

	static FakeBackend v2;

	static RunningGateway gateway;

	@BeforeAll
	static void start() {
		v1 = FakeBackend.start(consul.baseUrl(), USERS, "v1");
		v2 = FakeBackend.start(consul.baseUrl(), USERS, "v2");
		gateway = RunningGateway.startReady(consul.springProperties());
	}

	@AfterAll
	static void stop() {
		gateway.close();
		v1.close();
		v2.close();
	}

	@AfterEach
	void backToTheConfiguredPolicy() {
		ConsulHttp.deleteKv(consul.baseUrl(), "junction/policies/" + USERS);
		await().atMost(IN_FORCE_WITHIN).until(() -> policies().contains("\"source\":\"configuration\""));
	}

	@Test
	void aPolicyWrittenToConsulIsInForceWithoutARestart() {
		ConsulHttp.putKv(consul.baseUrl(), "junction/policies/" + USERS,
				"{\"stableVersion\":\"v1\",\"canaryVersion\":\"v2\",\"canaryWeight\":100}");
		await().atMost(IN_FORCE_WITHIN).untilAsserted(() -> assertThat(versions(20)).containsOnly("v2"));
		assertThat(policies()).contains("\"source\":\"consul\"").contains("\"canaryWeight\":100");
	}

	@Test
	void aPolicyForAServiceNoRouteSendsTrafficToIsShownAsNotAppliedWithTheReason() {
		String key = "junction/policies/" + USERS.toUpperCase(Locale.ROOT);
		ConsulHttp.putKv(consul.baseUrl(), key, "{\"stableVersion\":\"v2\"}");
		try {
			await().atMost(IN_FORCE_WITHIN)
				.untilAsserted(
						() -> assertThat(service("SAMPLE-USER-SERVICE").path("source").asString()).isEqualTo("consul"));
			JsonNode wrongCase = service("SAMPLE-USER-SERVICE");
			assertThat(wrongCase.path("applied").asBoolean()).isFalse();
			assertThat(wrongCase.path("notAppliedReason").asString())
				.startsWith("no route sends traffic to service 'SAMPLE-USER-SERVICE'")
				.contains("sample-user-service");
			assertThat(service(USERS).path("applied").asBoolean()).isTrue();
			assertThat(service(USERS).toString()).doesNotContain("no route sends traffic");
		}
		finally {
			ConsulHttp.deleteKv(consul.baseUrl(), key);
		}
	}

	@Test
	void anInvalidPolicyIsRejectedWithItsReasonAndThePreviousOneStays() {
		ConsulHttp.putKv(consul.baseUrl(), "junction/policies/" + USERS,
				"{\"stableVersion\":\"v1\",\"canaryVersion\":\"v2\",\"canaryWeight\":100}");
		await().atMost(IN_FORCE_WITHIN).untilAsserted(() -> assertThat(versions(10)).containsOnly("v2"));
		ConsulHttp.putKv(consul.baseUrl(), "junction/policies/" + USERS,
				"{\"stableVersion\":\"v1\",\"canaryVersion\":\"v2\",\"canaryWeight\":150}");
		await().atMost(IN_FORCE_WITHIN)
			.untilAsserted(() -> assertThat(policies()).contains("canaryWeight must be 0 to 100 (was 150)"));
		assertThat(versions(20)).containsOnly("v2");
		assertThat(policies()).contains("\"canaryWeight\":100");
	}

	@Test
	void deletingThePolicyReturnsToTheConfiguredOne() {
		ConsulHttp.putKv(consul.baseUrl(), "junction/policies/" + USERS, "{\"stableVersion\":\"v1\"}");
		await().atMost(IN_FORCE_WITHIN).untilAsserted(() -> assertThat(version("X-Canary", "always")).isEqualTo("v1"));
		ConsulHttp.deleteKv(consul.baseUrl(), "junction/policies/" + USERS);
		await().atMost(IN_FORCE_WITHIN).untilAsserted(() -> assertThat(version("X-Canary", "always")).isEqualTo("v2"));
	}

	@Test
	void aPolicyThatForbidsFallingBackAnswers503WhenItsVersionHasNoInstance() {
		ConsulHttp.putKv(consul.baseUrl(), "junction/policies/" + USERS,
				"{\"stableVersion\":\"v1\",\"canaryVersion\":\"v3\",\"canaryWeight\":100,\"fallback\":false}");
		await().atMost(IN_FORCE_WITHIN)
			.untilAsserted(() -> assertThat(gateway.get("/api/users/1").statusCode()).isEqualTo(503));
		HttpResponse<String> refused = gateway.get("/api/users/1");
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(refused.body()).contains("version v3")
			.contains("forbids falling back to v1")
			.contains("\"status\":503");
		ConsulHttp.putKv(consul.baseUrl(), "junction/policies/" + USERS,
				"{\"stableVersion\":\"v1\",\"canaryVersion\":\"v3\",\"canaryWeight\":100,\"fallback\":true}");
		await().atMost(IN_FORCE_WITHIN).untilAsserted(() -> assertThat(versions(10)).containsOnly("v1"));
	}

	@Test
	void changingPoliciesUnderLoadFailsNoRequest() throws Exception {
		AtomicBoolean running = new AtomicBoolean(true);
		List<CompletableFuture<List<Integer>>> clients = new ArrayList<>();
		for (int client = 0; client < 4; client++) {
			clients.add(CompletableFuture.supplyAsync(() -> {
				List<Integer> statuses = new ArrayList<>();
				while (running.get()) {
					statuses.add(
							gateway
								.send(gateway.request("http://127.0.0.1:" + gateway.port() + "/api/users/1",
										"X-User-Id", "user-" + statuses.size())
									.GET())
								.statusCode());
				}
				return statuses;
			}));
		}
		for (int weight : new int[] { 0, 100, 50, 10, 90 }) {
			ConsulHttp.putKv(consul.baseUrl(), "junction/policies/" + USERS,
					"{\"stableVersion\":\"v1\",\"canaryVersion\":\"v2\",\"canaryWeight\":" + weight + "}");
			await().atMost(IN_FORCE_WITHIN).until(() -> policies().contains("\"canaryWeight\":" + weight));
		}
		running.set(false);
		List<Integer> statuses = new ArrayList<>();
		for (CompletableFuture<List<Integer>> client : clients) {
			statuses.addAll(client.get());
		}
		assertThat(statuses).isNotEmpty().containsOnly(200);
	}

	private static List<String> versions(int requests) {
		List<String> versions = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			versions.add(version());
		}
		return versions;
	}

	private static String version(String... headers) {
		HttpResponse<String> answer = gateway.get("/api/users/1", headers);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return answer.body();
	}

	private static JsonNode service(String name) {
		return JsonMapper.builder().build().readTree(policies()).path("services").path(name);
	}

	private static String policies() {
		return gateway
			.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + gateway.managementPort() + "/actuator/junctionpolicies"))
				.GET())
			.body();
	}

}
