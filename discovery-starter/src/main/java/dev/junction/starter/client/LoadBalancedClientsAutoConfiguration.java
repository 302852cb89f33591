/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.reactive.ClientHttpConnectorBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientBuilderConfigurer;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Scope;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Load-balanced clients with resilience: a {@code RestClient.Builder} and a
 * {@code WebClient.Builder}, each qualified {@link LoadBalanced} and not a default
 * candidate, so they sit next to Boot's plain builders (which stay what an unqualified
 * injection gets) and are injected with {@code @LoadBalanced RestClient.Builder}.
 * <p>
 * Spring Cloud LoadBalancer's bean post-processor adds its load-balancing interceptor (or
 * filter) to them last; the starter's run before it, outermost first: call context (so
 * the load balancer sees {@code Junction-Version}), circuit breaker, retry. Connect and
 * read timeouts are explicit ({@code junction.client.*}) because a call without them can
 * hang a caller forever. Each builder is a prototype, like Boot's: every injection point
 * gets its own to change. Replace one by declaring a bean of the same name.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
		"org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JAutoConfiguration",
		"org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JAutoConfiguration" })
@ConditionalOnClass(LoadBalanced.class)
@ConditionalOnBooleanProperty(name = "junction.client.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ClientProperties.class)
@Import(CircuitBreakerDefaultsConfiguration.class)
public final class LoadBalancedClientsAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestClient.class, RestClientBuilderConfigurer.class })
	static class LoadBalancedRestClientConfiguration {

		@Bean(defaultCandidate = false)
		@LoadBalanced
		@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
		@ConditionalOnMissingBean(name = "loadBalancedRestClientBuilder")
		RestClient.Builder loadBalancedRestClientBuilder(ObjectProvider<RestClientBuilderConfigurer> configurer,
				ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
				ObjectProvider<HttpClientSettings> settings, ObjectProvider<CircuitBreakerFactory<?, ?>> breakers,
				ClientProperties properties) {
			RestClient.Builder builder = configurer.getIfAvailable(RestClientBuilderConfigurer::new)
				.configure(RestClient.builder());
			HttpClientSettings timeouts = settings.getIfAvailable(HttpClientSettings::defaults)
				.withTimeouts(properties.getConnectTimeout(), properties.getReadTimeout());
			builder.requestFactory(
					requestFactoryBuilder.getIfAvailable(ClientHttpRequestFactoryBuilder::detect).build(timeouts));
			if (properties.getPropagation().isEnabled()) {
				builder.requestInterceptor(new CallContextInterceptor());
			}
			CircuitBreakerFactory<?, ?> breakerFactory = breakers.getIfUnique();
			if (properties.getCircuitBreaker().isEnabled() && breakerFactory != null) {
				builder.requestInterceptor(new CircuitBreakerInterceptor(breakerFactory));
			}
			if (properties.getRetry().isEnabled()) {
				builder.requestInterceptor(new RetryInterceptor(properties.getRetry().getMaxAttempts()));
			}
			return builder;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClient.class, ClientHttpConnectorBuilder.class })
	static class LoadBalancedWebClientConfiguration {

		@Bean(defaultCandidate = false)
		@LoadBalanced
		@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
		@ConditionalOnMissingBean(name = "loadBalancedWebClientBuilder")
		WebClient.Builder loadBalancedWebClientBuilder(ObjectProvider<ClientHttpConnectorBuilder<?>> connectorBuilder,
				ObjectProvider<HttpClientSettings> settings,
				ObjectProvider<ReactiveCircuitBreakerFactory<?, ?>> breakers,
				ObjectProvider<ObservationRegistry> observationRegistry, ClientProperties properties) {
			HttpClientSettings timeouts = settings.getIfAvailable(HttpClientSettings::defaults)
				.withTimeouts(properties.getConnectTimeout(), properties.getReadTimeout());
			WebClient.Builder builder = WebClient.builder()
				.clientConnector(connectorBuilder.getIfAvailable(ClientHttpConnectorBuilder::detect).build(timeouts));
			observationRegistry.ifAvailable(builder::observationRegistry);
			if (properties.getPropagation().isEnabled()) {
				builder.filter(new CallContextExchangeFilter());
			}
			ReactiveCircuitBreakerFactory<?, ?> breakerFactory = breakers.getIfUnique();
			if (properties.getCircuitBreaker().isEnabled() && breakerFactory != null) {
				builder.filter(new CircuitBreakerExchangeFilter(breakerFactory));
			}
			if (properties.getRetry().isEnabled()) {
				builder.filter(new RetryExchangeFilter(properties.getRetry().getMaxAttempts()));
			}
			return builder;
		}

	}

}
