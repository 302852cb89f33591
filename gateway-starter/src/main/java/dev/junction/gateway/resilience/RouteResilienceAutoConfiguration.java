/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.resilience;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every route gets a circuit breaker (named after the route) around retries of idempotent
 * requests on another instance, as Spring Cloud Gateway's own {@code CircuitBreaker} and
 * {@code Retry} filters.
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

	@Bean
	@ConditionalOnMissingBean
	TriedInstancesFilter junctionTriedInstancesFilter() {
		return new TriedInstancesFilter();
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
		if (!named(defaultFilters, "CircuitBreaker")) {
			FilterDefinition breaker = new FilterDefinition();
			breaker.setName("CircuitBreaker");
			defaultFilters.add(breaker);
		}
		if (!named(defaultFilters, "Retry") && properties.getRetries() > 0) {
			FilterDefinition retry = new FilterDefinition();
			retry.setName("Retry");
			retry.addArg("retries", String.valueOf(properties.getRetries()));
			retry.addArg("methods", String.join(",", properties.getRetryMethods()));
			// statuses are answers: not retried (the instance did answer)
			retry.addArg("series", "");
			retry.addArg("exceptions", String.join(",", properties.getRetryExceptions()));
			defaultFilters.add(retry);
		}
	}

	private static boolean named(List<FilterDefinition> filters, String name) {
		return filters.stream().anyMatch((filter) -> name.equals(filter.getName()));
	}

}
