/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Default settings of the per-service circuit breakers
 * ({@code junction.client.circuit-breaker.*}). Resilience4j's own defaults (a 100-call
 * window, 60 s open) suit long-lived batch clients, not a service calling a peer a few
 * times a second: its breaker would almost never open, and once open would keep a
 * recovered peer out for a minute. Spring Cloud applies every {@link Customizer} of its
 * factories, so these default configurations leave ids configured explicitly by the app
 * alone.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(Resilience4JConfigBuilder.class)
class CircuitBreakerDefaultsConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "junctionCircuitBreakerDefaults")
	@ConditionalOnClass(Resilience4JCircuitBreakerFactory.class)
	Customizer<Resilience4JCircuitBreakerFactory> junctionCircuitBreakerDefaults(ClientProperties properties) {
		CircuitBreakerConfig config = properties.getCircuitBreaker().toConfig();
		return (factory) -> factory
			.configureDefault((id) -> new Resilience4JConfigBuilder(id).circuitBreakerConfig(config).build());
	}

	@Bean
	@ConditionalOnMissingBean(name = "junctionReactiveCircuitBreakerDefaults")
	@ConditionalOnClass(ReactiveResilience4JCircuitBreakerFactory.class)
	Customizer<ReactiveResilience4JCircuitBreakerFactory> junctionReactiveCircuitBreakerDefaults(
			ClientProperties properties) {
		CircuitBreakerConfig config = properties.getCircuitBreaker().toConfig();
		return (factory) -> factory
			.configureDefault((id) -> new Resilience4JConfigBuilder(id).circuitBreakerConfig(config).build());
	}

}
