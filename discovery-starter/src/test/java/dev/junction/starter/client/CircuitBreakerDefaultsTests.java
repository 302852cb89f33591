/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.BlockingLoadBalancerClientAutoConfiguration;
import org.springframework.cloud.client.loadbalancer.reactive.LoadBalancerBeanPostProcessorAutoConfiguration;
import org.springframework.cloud.client.loadbalancer.reactive.ReactorLoadBalancerClientAutoConfiguration;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JAutoConfiguration;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.timelimiter.autoconfigure.TimeLimiterAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JAutoConfiguration;
import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The breakers the clients get open after Junction's short window, not Resilience4j's 100
 * calls.
 */
class CircuitBreakerDefaultsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
						RestClientAutoConfiguration.class, UtilAutoConfiguration.class,
						org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration.class,
						BlockingLoadBalancerClientAutoConfiguration.class,
						org.springframework.cloud.client.loadbalancer.LoadBalancerAutoConfiguration.class,
						LoadBalancerBeanPostProcessorAutoConfiguration.class,
						ReactorLoadBalancerClientAutoConfiguration.class, CircuitBreakerAutoConfiguration.class,
						TimeLimiterAutoConfiguration.class, Resilience4JAutoConfiguration.class,
						ReactiveResilience4JAutoConfiguration.class, LoadBalancedClientsAutoConfiguration.class))
		.withPropertyValues("spring.cloud.circuitbreaker.resilience4j.disable-thread-pool=true",
				"spring.cloud.circuitbreaker.resilience4j.disable-time-limiter=true");

	@Test
	void aServiceThatKeepsFailingIsCutOffAfterTheDefaultMinimumOfCalls() {
		this.runner.run((context) -> {
			CircuitBreaker breaker = context.getBean(CircuitBreakerFactory.class).create("user-service");
			AtomicInteger reachedService = new AtomicInteger();
			for (int i = 0; i < 30; i++) {
				breaker.run(() -> {
					reachedService.incrementAndGet();
					throw new IllegalStateException("user-service answered 500");
				}, (failure) -> null);
			}
			assertThat(reachedService).hasValue(20);
		});
	}

	@Test
	void theWindowIsConfigurableAndAnOpenBreakerRejectsCallsWithoutRunningThem() {
		this.runner
			.withPropertyValues("junction.client.circuit-breaker.minimum-number-of-calls=3",
					"junction.client.circuit-breaker.sliding-window-size=3")
			.run((context) -> {
				CircuitBreaker breaker = context.getBean(CircuitBreakerFactory.class).create("order-service");
				for (int i = 0; i < 3; i++) {
					breaker.run(() -> {
						throw new IllegalStateException("down");
					}, (failure) -> null);
				}
				Throwable[] seen = new Throwable[1];
				breaker.run(() -> "reached", (failure) -> {
					seen[0] = failure;
					return "fallback";
				});
				assertThat(seen[0]).isInstanceOf(CallNotPermittedException.class);
			});
	}

	@Test
	void anAppsOwnCustomizerCanReplaceTheDefaults() {
		this.runner.withBean("junctionCircuitBreakerDefaults", Customizer.class, () -> (factory) -> {
		}).run((context) -> {
			CircuitBreaker breaker = context.getBean(CircuitBreakerFactory.class).create("user-service");
			AtomicInteger reachedService = new AtomicInteger();
			for (int i = 0; i < 30; i++) {
				breaker.run(() -> {
					reachedService.incrementAndGet();
					throw new IllegalStateException("down");
				}, (failure) -> null);
			}
			// Resilience4j's own default needs 100 calls before it can open
			assertThat(reachedService).hasValue(30);
		});
	}

}
