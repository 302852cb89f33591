/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import dev.junction.testsupport.ConsulHttp;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.gateway.policy.VersionRoutingFilter;
import dev.junction.starter.JunctionMetadata;
import dev.junction.starter.discovery.OutlierDetector;
import dev.junction.starter.discovery.ConsulHealthWatcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A policy that forbids falling back holds even when the chosen version's last instance
 * vanishes after the version was checked and before the load balancer chooses: the
 * request is refused with the policy's 503 rather than sent to the other version. The
 * race is made deterministic by a test filter between the two steps that ejects the
 * version's instances, as a refused connection of a concurrent request would. The
 * versions are chosen by weight: a version a person names with the canary header is
 * reached even while all of it is ejected.
 */
class StrictVersionTests {

	private static final String USERS = "sample-user-service";

	/** Request header of this test: eject this version's instances in the race window. */
	private static final String VANISH = "X-Test-Vanish";

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	static FakeBackend v1;

	static FakeBackend v2;

	static RunningGateway gateway;

	@BeforeAll
	static void start() {
		v1 = FakeBackend.start(consul.baseUrl(), USERS, "v1");
		v2 = FakeBackend.start(consul.baseUrl(), USERS, "v2");
		Map<String, String> properties = new HashMap<>(consul.springProperties());
		properties.put("junction.gateway.policies." + USERS + ".fallback", "false");
		properties.put("junction.discovery.outlier-detection.base-ejection-time", "300ms");
		gateway = RunningGateway.startReady(properties, VanishingVersion.class);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		v1.close();
		v2.close();
	}

	@AfterEach
	void everyInstanceIsBack() {
		ConsulHttp.deleteKv(consul.baseUrl(), "junction/policies/" + USERS);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !gateway.management("/actuator/junctionoutliers").body().contains(USERS));
	}

	@Test
	void whenTheCanaryVanishesBeforeTheLoadBalancerChoosesAPolicyWithoutFallbackAnswers503() {
		policy(100, false);
		int v1Hits = v1.hits();
		int v2Hits = v2.hits();
		HttpResponse<String> answer = gateway.get("/api/users/1", VANISH, "v2");
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(answer.headers().firstValue("Retry-After")).isPresent();
		assertThat(answer.body()).contains("no-healthy-version")
			.contains("version v2")
			.contains("forbids falling back to v1");
		assertThat(v1.hits()).as("requests the stable version got").isEqualTo(v1Hits);
		assertThat(v2.hits()).isEqualTo(v2Hits);
	}

	@Test
	void whenTheStableVersionVanishesTheSameWayItsRequestsAreNotSentToTheCanaryEither() {
		policy(0, false);
		int v2Hits = v2.hits();
		HttpResponse<String> answer = gateway.get("/api/users/1", VANISH, "v1");
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
		assertThat(answer.body()).contains("version v1").contains("forbids falling back to v2");
		assertThat(v2.hits()).as("requests the canary got").isEqualTo(v2Hits);
	}

	@Test
	void aPolicyThatAllowsFallingBackSendsTheRequestToTheOtherVersionInstead() {
		policy(100, true);
		HttpResponse<String> answer = gateway.get("/api/users/1", VANISH, "v2");
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(answer.body()).isEqualTo("v1");
	}

	@Test
	void aVersionAPersonNamesIsReachedEvenWhileAllOfItIsEjected() {
		policy(0, false);
		HttpResponse<String> answer = gateway.get("/api/users/1", "X-Canary", "always", VANISH, "v2");
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(answer.body()).isEqualTo("v2");
	}

	/**
	 * Puts a policy in Consul KV and waits until requests without a canary header go
	 * where its weight says (weights of 0 and 100 leave no room for chance).
	 */
	private static void policy(int canaryWeight, boolean fallback) {
		ConsulHttp.putKv(consul.baseUrl(), "junction/policies/" + USERS,
				"{\"stableVersion\":\"v1\",\"canaryVersion\":\"v2\",\"canaryWeight\":%d,\"fallback\":%s}"
					.formatted(canaryWeight, fallback));
		String expected = (canaryWeight == 100) ? "v2" : "v1";
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			for (int i = 0; i < 5; i++) {
				if (!expected.equals(gateway.get("/api/users/1").body())) {
					return false;
				}
			}
			return gateway.management("/actuator/junctionpolicies").body().contains("\"fallback\":" + fallback);
		});
	}

	/** Bean source of the test filter. */
	static class VanishingVersion {

		@Bean
		GlobalFilter vanishingVersionFilter(ConsulHealthWatcher watcher, OutlierDetector ejector) {
			return new VanishingVersionFilter(watcher, ejector);
		}

	}

	/**
	 * Runs after the version choice and its availability check, before the load balancer:
	 * ejects every instance of the version the request names in {@value #VANISH}.
	 */
	record VanishingVersionFilter(ConsulHealthWatcher watcher,
			OutlierDetector ejector) implements GlobalFilter, Ordered {

		@Override
		public int getOrder() {
			return VersionRoutingFilter.ORDER + 5;
		}

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
			String version = exchange.getRequest().getHeaders().getFirst(VANISH);
			URI url = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
			if (version == null || url == null) {
				return chain.filter(exchange);
			}
			return this.watcher.instances(url.getHost()).flatMap((instances) -> {
				instances.stream()
					.filter((instance) -> version.equals(instance.getMetadata().get(JunctionMetadata.VERSION)))
					.forEach((instance) -> this.ejector.onComplete(new CompletionContext<>(
							CompletionContext.Status.FAILED, new ConnectException("vanished in the race window"),
							new DefaultRequest<>(), new DefaultResponse(instance))));
				return chain.filter(exchange);
			});
		}

	}

}
