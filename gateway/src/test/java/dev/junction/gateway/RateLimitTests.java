/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import dev.junction.testsupport.RawHttp;
import java.util.HashMap;
import java.util.Map;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.RedisNamespaceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token buckets in the shared Redis server, per route and client, under this class's own
 * key prefix. Requests come from chosen loopback addresses (127.0.0.2 is configured as a
 * trusted proxy, 127.0.0.3 is not), so each test has its own client.
 */
class RateLimitTests {

	private static final String TRUSTED_PROXY = "127.0.0.2";

	private static final String UNTRUSTED_PEER = "127.0.0.3";

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	static FakeBackend users;

	static FakeBackend orders;

	static RunningGateway gateway;

	static RunningGateway secondReplica;

	@BeforeAll
	static void start() {
		users = FakeBackend.start(consul.baseUrl(), "sample-user-service", "v1");
		orders = FakeBackend.start(consul.baseUrl(), "sample-order-service", "v1");
		Map<String, String> properties = new HashMap<>(consul.springProperties());
		properties.putAll(redis.springProperties());
		properties.put("junction.gateway.rate-limit.enabled", "true");
		properties.put("junction.gateway.rate-limit.key-prefix", redis.keyPrefix());
		// one token per 20 s: a test never sees a refill
		properties.put("junction.gateway.rate-limit.routes.sample-user-service.capacity", "5");
		properties.put("junction.gateway.rate-limit.routes.sample-user-service.refill-per-second", "0.05");
		properties.put("junction.gateway.rate-limit.routes.sample-order-service.capacity", "3");
		properties.put("junction.gateway.rate-limit.routes.sample-order-service.refill-per-second", "0.05");
		properties.put("junction.gateway.rate-limit.routes.sample-order-service.key", "api-key");
		properties.put("junction.gateway.edge.trusted-proxies", TRUSTED_PROXY);
		gateway = RunningGateway.startReady(properties);
		secondReplica = RunningGateway.startReady(properties);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		secondReplica.close();
		users.close();
		orders.close();
	}

	@Test
	void aClientOverItsLimitGets429WithRetryAfterAndRateLimitHeaders() {
		int hits = users.hits();
		for (int i = 0; i < 5; i++) {
			String answer = RawHttp.get(gateway.port(), UNTRUSTED_PEER, "/api/users/1");
			assertThat(RawHttp.status(answer)).isEqualTo(200);
			assertThat(RawHttp.header(answer, "RateLimit-Limit")).isEqualTo("5");
			assertThat(RawHttp.header(answer, "RateLimit-Remaining")).isEqualTo(Integer.toString(4 - i));
		}
		String refused = RawHttp.get(gateway.port(), UNTRUSTED_PEER, "/api/users/1");
		assertThat(RawHttp.status(refused)).isEqualTo(429);
		assertThat(RawHttp.header(refused, "Content-Type")).isEqualTo("application/problem+json");
		assertThat(Integer.parseInt(RawHttp.header(refused, "Retry-After"))).isBetween(1, 20);
		assertThat(RawHttp.header(refused, "RateLimit-Limit")).isEqualTo("5");
		assertThat(RawHttp.header(refused, "RateLimit-Remaining")).isEqualTo("0");
		assertThat(Integer.parseInt(RawHttp.header(refused, "RateLimit-Reset"))).isBetween(1, 100);
		assertThat(users.hits() - hits).isEqualTo(5);
	}

	@Test
	void gatewayReplicasShareOneBucketPerClient() {
		String peer = "127.0.0.5";
		for (int i = 0; i < 5; i++) {
			RunningGateway replica = (i % 2 == 0) ? gateway : secondReplica;
			assertThat(RawHttp.status(RawHttp.get(replica.port(), peer, "/api/users/1"))).isEqualTo(200);
		}
		assertThat(RawHttp.status(RawHttp.get(gateway.port(), peer, "/api/users/1"))).isEqualTo(429);
		assertThat(RawHttp.status(RawHttp.get(secondReplica.port(), peer, "/api/users/1"))).isEqualTo(429);
	}

	@Test
	void aForgedXForwardedForFromAnUntrustedPeerChangesNothing() {
		String peer = "127.0.0.4";
		for (int i = 0; i < 5; i++) {
			assertThat(RawHttp.status(forwarded(peer, "198.51.100." + i))).isEqualTo(200);
		}
		assertThat(RawHttp.status(forwarded(peer, "198.51.100.99"))).isEqualTo(429);
	}

	@Test
	void behindATrustedProxyEachForwardedClientHasItsOwnBucket() {
		for (int i = 0; i < 5; i++) {
			assertThat(RawHttp.status(forwarded(TRUSTED_PROXY, "203.0.113.7"))).isEqualTo(200);
		}
		assertThat(RawHttp.status(forwarded(TRUSTED_PROXY, "203.0.113.7"))).isEqualTo(429);
		// what a client wrote left of the proxy's entry is not believed either
		assertThat(RawHttp.status(forwarded(TRUSTED_PROXY, "6.6.6.6, 203.0.113.7"))).isEqualTo(429);
		assertThat(RawHttp.status(forwarded(TRUSTED_PROXY, "203.0.113.8"))).isEqualTo(200);
	}

	@Test
	void aRouteKeyedByApiKeyLimitsEachKeySeparately() {
		for (int i = 0; i < 3; i++) {
			assertThat(gateway.get("/api/orders/1", "X-Api-Key", "alpha").statusCode()).isEqualTo(200);
		}
		assertThat(gateway.get("/api/orders/1", "X-Api-Key", "alpha").statusCode()).isEqualTo(429);
		assertThat(gateway.get("/api/orders/1", "X-Api-Key", "beta").statusCode()).isEqualTo(200);
	}

	@Test
	void theBucketsLiveInRedisUnderTheConfiguredPrefixWithoutRawApiKeys() throws Exception {
		assertThat(gateway.get("/api/orders/2", "X-Api-Key", "secret-key-gamma").statusCode()).isEqualTo(200);
		assertThat(redis.keys()).isNotEmpty()
			.allSatisfy((key) -> assertThat(key).startsWith(redis.keyPrefix()).doesNotContain("secret-key-gamma"));
	}

	private static String forwarded(String from, String forwardedFor) {
		return RawHttp.get(gateway.port(), from, "/api/users/1", "X-Forwarded-For: " + forwardedFor);
	}

}
