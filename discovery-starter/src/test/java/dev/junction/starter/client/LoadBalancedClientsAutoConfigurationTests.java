/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot3.timelimiter.autoconfigure.TimeLimiterAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.cloud.loadbalancer.config.BlockingLoadBalancerClientAutoConfiguration;
import org.springframework.cloud.client.loadbalancer.reactive.LoadBalancerBeanPostProcessorAutoConfiguration;
import org.springframework.cloud.client.loadbalancer.reactive.ReactorLoadBalancerClientAutoConfiguration;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JAutoConfiguration;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientBuilderConfigurer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.loadbalancer.DeferringLoadBalancerInterceptor;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.cloud.client.loadbalancer.reactive.DeferringLoadBalancerExchangeFilterFunction;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

class LoadBalancedClientsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
					RestClientAutoConfiguration.class, UtilAutoConfiguration.class,
					org.springframework.cloud.loadbalancer.config.LoadBalancerAutoConfiguration.class,
					BlockingLoadBalancerClientAutoConfiguration.class,
					org.springframework.cloud.client.loadbalancer.LoadBalancerAutoConfiguration.class,
					LoadBalancerBeanPostProcessorAutoConfiguration.class,
					ReactorLoadBalancerClientAutoConfiguration.class, CircuitBreakerAutoConfiguration.class,
					TimeLimiterAutoConfiguration.class, Resilience4JAutoConfiguration.class,
					ReactiveResilience4JAutoConfiguration.class, LoadBalancedClientsAutoConfiguration.class));

	@Test
	void restClientBuilderCarriesContextThenCircuitBreakerThenRetryThenTheLoadBalancer() {
		this.runner.run((context) -> assertThat(interceptors(context)).containsExactly(CallContextInterceptor.class,
				CircuitBreakerInterceptor.class, RetryInterceptor.class, DeferringLoadBalancerInterceptor.class));
	}

	@Test
	void webClientBuilderCarriesContextThenCircuitBreakerThenRetryThenTheLoadBalancer() {
		this.runner.run((context) -> assertThat(filters(context)).containsExactly(CallContextExchangeFilter.class,
				CircuitBreakerExchangeFilter.class, RetryExchangeFilter.class,
				DeferringLoadBalancerExchangeFilterFunction.class));
	}

	@Test
	void plainInjectionStillGetsBootsOwnBuilderWithoutLoadBalancing() {
		this.runner.run((context) -> {
			RestClient.Builder plain = context.getBean(RestClient.Builder.class);
			List<Object> plainInterceptors = new ArrayList<>();
			plain.requestInterceptors(plainInterceptors::addAll);
			assertThat(plainInterceptors).isEmpty();
			assertThat(context.getBeanNamesForType(RestClient.Builder.class)).contains("loadBalancedRestClientBuilder");
		});
	}

	@Test
	void retryAndCircuitBreakerCanBeSwitchedOff() {
		this.runner
			.withPropertyValues("junction.client.retry.enabled=false", "junction.client.circuit-breaker.enabled=false",
					"junction.client.propagation.enabled=false")
			.run((context) -> assertThat(interceptors(context))
				.containsExactly(DeferringLoadBalancerInterceptor.class));
	}

	@Test
	void aPerTryTimeoutOfZeroStopsTheStartWithTheKeysToFix() {
		this.runner.withPropertyValues("junction.client.retry.per-try-timeout=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("junction.client.retry.per-try-timeout"));
	}

	@Test
	void aServiceMayHaveItsOwnPerTryTimeout() {
		this.runner
			.withPropertyValues("junction.client.retry.per-try-timeout=800ms",
					"junction.client.services.reports.per-try-timeout=4s")
			.run((context) -> {
				ClientProperties properties = context.getBean(ClientProperties.class);
				assertThat(properties.perTryTimeout("reports")).isEqualTo(Duration.ofSeconds(4));
				assertThat(properties.perTryTimeout("users")).isEqualTo(Duration.ofMillis(800));
			});
	}

	@Test
	void aUserDefinedBuilderOfTheSameNameReplacesJunctions() {
		this.runner.withUserConfiguration(UserBuilder.class).run((context) -> {
			assertThat(context.getBeanNamesForType(RestClient.Builder.class)).contains("loadBalancedRestClientBuilder");
			assertThat(interceptors(context)).containsExactly(DeferringLoadBalancerInterceptor.class);
		});
	}

	@Test
	void offByProperty() {
		this.runner.withPropertyValues("junction.client.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean("loadBalancedRestClientBuilder");
			assertThat(context).doesNotHaveBean("loadBalancedWebClientBuilder");
		});
	}

	@Test
	void noRestClientBuilderWithoutBootsRestClientModule() {
		this.runner.withClassLoader(new FilteredClassLoader(RestClientBuilderConfigurer.class))
			.run((context) -> assertThat(context).doesNotHaveBean("loadBalancedRestClientBuilder")
				.hasBean("loadBalancedWebClientBuilder"));
	}

	@Test
	void noWebClientBuilderWithoutWebFlux() {
		this.runner.withClassLoader(new FilteredClassLoader(WebClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean("loadBalancedWebClientBuilder")
				.hasBean("loadBalancedRestClientBuilder"));
	}

	private static List<Class<?>> interceptors(ApplicationContext context) {
		List<Class<?>> types = new ArrayList<>();
		context.getBean("loadBalancedRestClientBuilder", RestClient.Builder.class)
			.requestInterceptors((list) -> list.forEach((interceptor) -> types.add(interceptor.getClass())));
		return types;
	}

	private static List<Class<?>> filters(ApplicationContext context) {
		List<Class<?>> types = new ArrayList<>();
		context.getBean("loadBalancedWebClientBuilder", WebClient.Builder.class)
			.filters((list) -> list.forEach((filter) -> types.add(filter.getClass())));
		return types;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBuilder {

		@Bean
		@LoadBalanced
		RestClient.Builder loadBalancedRestClientBuilder() {
			return RestClient.builder();
		}

	}

}
