/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.ConsulHttp;
import dev.junction.testsupport.RedisNamespaceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rollouts through the running gateway with real traffic: a healthy v2 goes through its
 * steps and becomes the stable version without a failed request, and a v2 that answers
 * 500 is rolled back after its first analyses, so the clients see errors only while the
 * first step lasts and none afterwards.
 */
class RolloutTests {

	private static final String USERS = "sample-user-service";

	private static final JsonMapper json = JsonMapper.builder().build();

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	static FakeBackend v1;

	static RunningGateway gateway;

	private final List<Integer> statuses = new CopyOnWriteArrayList<>();

	private final AtomicBoolean sending = new AtomicBoolean();

	private final ExecutorService traffic = Executors.newSingleThreadExecutor();

	@BeforeAll
	static void start() {
		v1 = FakeBackend.start(consul.baseUrl(), USERS, "v1");
		Map<String, String> properties = new HashMap<>(consul.springProperties());
		properties.putAll(redis.springProperties());
		properties.put("junction.gateway.rate-limit.key-prefix", redis.keyPrefix() + "rl:");
		properties.put("junction.gateway.rollouts.redis-key-prefix", redis.keyPrefix() + "rollout:");
		properties.put("junction.gateway.rollouts.grace", "1s");
		// a sick canary stays ejected until its test ends
		properties.put("junction.discovery.outlier-detection.base-ejection-time", "60s");
		// the policy starts without a canary weight: the rollout sets it
		properties.put("junction.gateway.policies." + USERS + ".canary-weight", "0");
		gateway = RunningGateway.startReady(properties);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		v1.close();
	}

	@AfterEach
	void stopTraffic() throws InterruptedException {
		this.sending.set(false);
		this.traffic.shutdown();
		this.traffic.awaitTermination(10, TimeUnit.SECONDS);
		ConsulHttp.deleteKv(consul.baseUrl(), "junction/rollouts/" + USERS);
		ConsulHttp.deleteKv(consul.baseUrl(), "junction/policies/" + USERS);
	}

	/** GETs without sticky keys, 40 a second, until the test ends. */
	private void sendTraffic() {
		this.sending.set(true);
		this.traffic.submit(() -> {
			while (this.sending.get()) {
				HttpResponse<String> answer = gateway.get("/api/users/1");
				this.statuses.add(answer.statusCode());
				Thread.sleep(25);
			}
			return null;
		});
	}

	private JsonNode status() {
		return json.readTree(ConsulHttp.get(consul.baseUrl(), "/v1/kv/junction/rollouts-status/" + USERS + "?raw"));
	}

	private boolean hasStatus(String phase) {
		try {
			return phase.equals(status().path("phase").asString());
		}
		catch (IllegalStateException ex) {
			// not written yet
			return false;
		}
	}

	@Test
	void aHealthyCanaryIsPromotedWithoutAFailedRequest() {
		try (SickBackend v2 = new SickBackend("v2", 200)) {
			sendTraffic();
			ConsulHttp.putKv(consul.baseUrl(), "junction/rollouts/" + USERS, """
					{"canaryVersion": "v2",
					 "steps": [{"weight": 50, "pause": "2s"}, {"weight": 100, "pause": "2s"}],
					 "analysis": {"interval": "2s", "minRequests": 3, "inconclusiveLimit": 30}}
					""");
			// a loaded machine sends fewer requests: its thin intervals
			// are inconclusive, which must not pause the rollout here
			await().atMost(Duration.ofSeconds(90)).until(() -> hasStatus("Promoted"));
			JsonNode status = status();
			assertThat(status.path("weight").asInt()).isEqualTo(100);
			JsonNode policy = json
				.readTree(ConsulHttp.get(consul.baseUrl(), "/v1/kv/junction/policies/" + USERS + "?raw"));
			assertThat(policy.path("stableVersion").asString()).isEqualTo("v2");
			assertThat(policy.path("canaryVersion").isNull()).isTrue();
			int before = v2.hits();
			await().atMost(Duration.ofSeconds(10)).until(() -> v2.hits() > before + 20);
			int v1Hits = v1.hits();
			int v2Hits = v2.hits();
			await().atMost(Duration.ofSeconds(10)).until(() -> v2.hits() > v2Hits + 20);
			assertThat(v1.hits()).as("after promotion every request goes to v2").isEqualTo(v1Hits);
			assertThat(this.statuses).isNotEmpty().containsOnly(200);
		}
	}

	@Test
	void aCanaryThatAnswers500IsRolledBack() {
		try (SickBackend v2 = new SickBackend("v2", 500)) {
			sendTraffic();
			ConsulHttp.putKv(consul.baseUrl(), "junction/rollouts/" + USERS, """
					{"canaryVersion": "v2",
					 "steps": [{"weight": 30, "pause": "30s"}, {"weight": 100, "pause": "30s"}],
					 "analysis": {"interval": "1s", "minRequests": 3, "inconclusiveLimit": 30}}
					""");
			await().atMost(Duration.ofSeconds(60)).until(() -> hasStatus("RolledBack"));
			JsonNode status = status();
			assertThat(status.path("reason").asString()).contains("failed analyses");
			assertThat(status.path("lastAnalysis").path("canary").path("errors").asLong()).isPositive();
			JsonNode policy = json
				.readTree(ConsulHttp.get(consul.baseUrl(), "/v1/kv/junction/policies/" + USERS + "?raw"));
			assertThat(policy.path("canaryWeight").asInt()).isZero();
			assertThat(policy.path("stableVersion").asString()).isEqualTo("v1");
			// the policy is live within a blocking-query round trip: from then on, no 500
			int sick = v2.hits();
			await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ofSeconds(2)).until(() -> true);
			int counted = this.statuses.size();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.statuses.size() > counted + 40);
			assertThat(this.statuses.subList(counted, this.statuses.size())).containsOnly(200);
			assertThat(v2.hits()).as("the rolled-back canary gets no weighted traffic").isLessThanOrEqualTo(sick + 2);
			// the canary stays in the policy: X-Canary: always still reaches it, also
			// while outlier detection ejects its only instance
			await().atMost(Duration.ofSeconds(10))
				.until(() -> gateway.management("/actuator/junctionoutliers").body().contains(":" + v2.port() + "\""));
			HttpResponse<String> debug = gateway.get("/api/users/1", "X-Canary", "always");
			assertThat(debug.statusCode()).isEqualTo(500);
			assertThat(debug.headers().firstValue("Junction-Instance-Version")).hasValue("v2");
		}
	}

	/** A v2 instance that answers every request with one status. */
	static final class SickBackend implements AutoCloseable {

		private final HttpServer server;

		private final String id;

		private final AtomicInteger hits = new AtomicInteger();

		SickBackend(String version, int status) {
			try {
				this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			this.server.setExecutor(Executors.newFixedThreadPool(4));
			this.server.createContext("/", (exchange) -> {
				this.hits.incrementAndGet();
				byte[] body = version.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().set("Junction-Instance-Version", version);
				exchange.sendResponseHeaders(status, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			this.server.start();
			int port = this.server.getAddress().getPort();
			this.id = USERS + "-" + version + "-" + port;
			ConsulHttp.register(consul.baseUrl(), this.id, USERS, port, version);
		}

		int hits() {
			return this.hits.get();
		}

		int port() {
			return this.server.getAddress().getPort();
		}

		@Override
		public void close() {
			ConsulHttp.deregister(consul.baseUrl(), this.id);
			this.server.stop(0);
		}

	}

}
