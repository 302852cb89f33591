/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.junction.devconsul.junit.DevConsulExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The documented behaviour while Redis is down, with a Redis server this test starts,
 * kills and starts again: 'allow' keeps limiting with a local bucket per replica, 'deny'
 * refuses with 503; neither makes a request wait for Redis, and shared limits resume by
 * themselves when Redis is back.
 */
class RedisDownTests {

	private static final Duration NO_STALL = Duration.ofSeconds(2);

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	static LocalRedis redis;

	static FakeBackend users;

	static RunningGateway allowing;

	static RunningGateway denying;

	@BeforeAll
	static void start() {
		redis = LocalRedis.start();
		users = FakeBackend.start(consul.baseUrl(), "sample-user-service", "v1");
		allowing = RunningGateway.startReady(properties("allow"));
		denying = RunningGateway.startReady(properties("deny"));
	}

	@AfterAll
	static void stop() {
		allowing.close();
		denying.close();
		users.close();
		redis.close();
	}

	@Test
	void whenRedisDiesRequestsAreLimitedLocallyOrRefusedWithoutWaitingAndSharedLimitsResumeWhenItReturns() {
		// Redis up: one shared bucket of 3
		assertThat(statuses(allowing, 4)).containsExactly(200, 200, 200, 429);

		redis.kill();
		// the local bucket of 3 takes over at once (a slow first answer from Redis may
		// already have taken a token from it)
		List<Integer> allowed = timedStatuses(allowing, 6);
		assertThat(allowed.subList(0, 2)).containsOnly(200);
		assertThat(allowed.subList(3, 6)).containsOnly(429);
		HttpResponse<String> refused = denying.get("/api/users/1");
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(refused.body()).contains("Rate limiting is unavailable");
		assertThat(timedStatuses(denying, 5)).containsOnly(503);

		redis.restart();
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(denying.get("/api/users/1").statusCode()).isEqualTo(200));
		assertThat(redis.keyCount()).isPositive();
	}

	private static List<Integer> statuses(RunningGateway gateway, int requests) {
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			statuses.add(gateway.get("/api/users/1").statusCode());
		}
		return statuses;
	}

	private static List<Integer> timedStatuses(RunningGateway gateway, int requests) {
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			long started = System.nanoTime();
			statuses.add(gateway.get("/api/users/1").statusCode());
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time of request %d", i).isLessThan(NO_STALL);
		}
		return statuses;
	}

	private static Map<String, String> properties(String whenRedisDown) {
		Map<String, String> properties = new HashMap<>(consul.springProperties());
		properties.put("spring.data.redis.host", "127.0.0.1");
		properties.put("spring.data.redis.port", Integer.toString(redis.port()));
		properties.put("junction.gateway.rate-limit.enabled", "true");
		properties.put("junction.gateway.rate-limit.when-redis-down", whenRedisDown);
		properties.put("junction.gateway.rate-limit.routes.sample-user-service.capacity", "3");
		properties.put("junction.gateway.rate-limit.routes.sample-user-service.refill-per-second", "0.02");
		return properties;
	}

}
