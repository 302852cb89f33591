/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.resilience;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import dev.junction.starter.retry.Backoff;
import dev.junction.starter.retry.RetryBudgets;
import dev.junction.starter.retry.RetryPolicy;
import io.micrometer.core.instrument.MeterRegistry;

import dev.junction.starter.discovery.OutlierDetector;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every route gets a circuit breaker (named after the route) around retries of idempotent
 * requests on another instance: Junction's
 * {@link JunctionCircuitBreakerGatewayFilterFactory JunctionCircuitBreaker} (counts 5xx
 * answers, passes them through unchanged) and {@link JunctionRetryGatewayFilterFactory
 * JunctionRetry} (per-try timeout, deadline, backoff, {@code Retry-After}, a retry budget
 * per route).
 * <p>
 * They are added to the gateway's default filters by a bean, after the application's own
 * {@code default-filters} were bound, rather than listed in YAML: a YAML list does not
 * merge, so an application that declares a default filter of its own would silently lose
 * them. A filter the application already lists by name is left as the application
 * configured it.
 */
@AutoConfiguration
@ConditionalOnClass(GatewayProperties.class)
@ConditionalOnBooleanProperty(name = "junction.gateway.resilience.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RouteResilienceProperties.class)
public final class RouteResilienceAutoConfiguration {

	/** Name of Junction's circuit breaker route filter. */
	static final String BREAKER = "JunctionCircuitBreaker";

	/** Name of Junction's retry route filter. */
	static final String RETRY = "JunctionRetry";

	@Bean
	@ConditionalOnMissingBean
	TriedInstancesFilter junctionTriedInstancesFilter() {
		return new TriedInstancesFilter();
	}

	@Bean
	@ConditionalOnMissingBean
	JunctionRetryGatewayFilterFactory junctionRetryGatewayFilterFactory(RouteResilienceProperties properties,
			ObjectProvider<MeterRegistry> meters, ObjectProvider<OutlierDetector> outliers) {
		if (properties.getRetries() < 0) {
			throw new IllegalArgumentException(
					"junction.gateway.resilience.retries must be 0 or more, not " + properties.getRetries());
		}
		Clock clock = Clock.systemUTC();
		RouteResilienceProperties.Budget budget = properties.getBudget();
		RetryBudgets budgets = new RetryBudgets(budget.getRatio(), budget.getMinRetriesPerSecond(), budget.getWindow(),
				clock, meters.getIfUnique());
		RouteResilienceProperties.Backoff backoff = properties.getBackoff();
		RetryPolicy policy = new RetryPolicy(properties.getRetries() + 1, Set.copyOf(properties.getRetryStatuses()),
				new Backoff(backoff.getFirst(), backoff.getFactor(), backoff.getMax()), budgets, clock);
		return new JunctionRetryGatewayFilterFactory(properties, policy, outliers.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	JunctionCircuitBreakerGatewayFilterFactory junctionCircuitBreakerGatewayFilterFactory(
			ObjectProvider<ReactiveCircuitBreakerFactory<?, ?>> breakers) {
		return new JunctionCircuitBreakerGatewayFilterFactory(breakers);
	}

	@Configuration(proxyBeanMethods = false)
	static class DefaultFiltersConfiguration {

		@Bean
		static BeanPostProcessor junctionRouteResilienceDefaults(ObjectProvider<RouteResilienceProperties> properties) {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (bean instanceof GatewayProperties gateway) {
						addDefaults(gateway.getDefaultFilters(), properties.getObject());
					}
					return bean;
				}

			};
		}

	}

	/**
	 * Adds the breaker, then the retries (so the breaker sees the outcome after them) to
	 * the default filters, unless they are there.
	 * @param defaultFilters the gateway's default filters
	 * @param properties the retry settings
	 */
	static void addDefaults(List<FilterDefinition> defaultFilters, RouteResilienceProperties properties) {
		if (!named(defaultFilters, "CircuitBreaker") && !named(defaultFilters, BREAKER)) {
			FilterDefinition breaker = new FilterDefinition();
			breaker.setName(BREAKER);
			defaultFilters.add(breaker);
		}
		if (!named(defaultFilters, "Retry") && !named(defaultFilters, RETRY) && properties.getRetries() > 0) {
			FilterDefinition retry = new FilterDefinition();
			retry.setName(RETRY);
			defaultFilters.add(retry);
		}
	}

	private static boolean named(List<FilterDefinition> filters, String name) {
		return filters.stream().anyMatch((filter) -> name.equals(filter.getName()));
	}

}
