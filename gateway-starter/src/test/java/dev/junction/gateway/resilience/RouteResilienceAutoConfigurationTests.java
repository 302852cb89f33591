/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.resilience;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class RouteResilienceAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RouteResilienceAutoConfiguration.class))
		.withUserConfiguration(Gateway.class);

	@Test
	void everyRouteGetsTheBreakerAroundRetriesOfIdempotentMethods() {
		this.runner.run((context) -> {
			List<FilterDefinition> filters = context.getBean(GatewayProperties.class).getDefaultFilters();
			assertThat(filters).extracting(FilterDefinition::getName)
				.containsExactly("JunctionCircuitBreaker", "JunctionRetry");
			assertThat(context).hasSingleBean(JunctionRetryGatewayFilterFactory.class)
				.hasSingleBean(JunctionCircuitBreakerGatewayFilterFactory.class);
		});
	}

	@Test
	void theApplicationsOwnDefaultFiltersDoNotDropThem() {
		this.runner
			.withPropertyValues("spring.cloud.gateway.server.webflux.default-filters[0]=AddResponseHeader=X-Shop, 1")
			.run((context) -> assertThat(context.getBean(GatewayProperties.class).getDefaultFilters())
				.extracting(FilterDefinition::getName)
				.containsExactly("AddResponseHeader", "JunctionCircuitBreaker", "JunctionRetry"));
	}

	@Test
	void aRetryTheApplicationConfiguresItselfIsLeftAsConfigured() {
		this.runner
			.withPropertyValues("spring.cloud.gateway.server.webflux.default-filters[0].name=Retry",
					"spring.cloud.gateway.server.webflux.default-filters[0].args.retries=5")
			.run((context) -> {
				List<FilterDefinition> filters = context.getBean(GatewayProperties.class).getDefaultFilters();
				assertThat(filters).extracting(FilterDefinition::getName)
					.containsExactly("Retry", "JunctionCircuitBreaker");
				assertThat(filters.get(0).getArgs()).containsEntry("retries", "5");
			});
	}

	@Test
	void switchedOffTheRoutesKeepOnlyWhatTheApplicationLists() {
		this.runner.withPropertyValues("junction.gateway.resilience.enabled=false")
			.run((context) -> assertThat(context.getBean(GatewayProperties.class).getDefaultFilters()).isEmpty());
	}

	@Test
	void noRetriesMeansNoRetryFilter() {
		this.runner.withPropertyValues("junction.gateway.resilience.retries=0")
			.run((context) -> assertThat(context.getBean(GatewayProperties.class).getDefaultFilters())
				.extracting(FilterDefinition::getName)
				.containsExactly("JunctionCircuitBreaker"));
	}

	@Test
	void springCloudGatewaysOwnBreakerTheApplicationListsReplacesJunctions() {
		this.runner.withPropertyValues("spring.cloud.gateway.server.webflux.default-filters[0].name=CircuitBreaker")
			.run((context) -> assertThat(context.getBean(GatewayProperties.class).getDefaultFilters())
				.extracting(FilterDefinition::getName)
				.containsExactly("CircuitBreaker", "JunctionRetry"));
	}

	@Test
	void aNegativeNumberOfRetriesStopsTheStartWithTheKeyToFix() {
		this.runner.withPropertyValues("junction.gateway.resilience.retries=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("junction.gateway.resilience.retries"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties
	static class Gateway {

		@Bean
		@ConfigurationProperties("spring.cloud.gateway.server.webflux")
		GatewayProperties gatewayProperties() {
			return new GatewayProperties();
		}

	}

}
