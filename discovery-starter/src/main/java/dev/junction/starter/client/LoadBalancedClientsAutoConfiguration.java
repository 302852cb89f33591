/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import dev.junction.starter.discovery.OutlierDetector;
import dev.junction.starter.retry.Backoff;
import dev.junction.starter.retry.RetryBudgets;
import dev.junction.starter.retry.RetryPolicy;
import io.micrometer.core.instrument.MeterRegistry;
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
 * hang a caller forever; an attempt of an idempotent call waits the shorter per-try
 * timeout, so a hung instance costs one short try and the retry goes to another. Each
 * builder is a prototype, like Boot's: every injection point gets its own to change.
 * Replace one by declaring a bean of the same name.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
		"org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JAutoConfiguration",
		"org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JAutoConfiguration" })
@ConditionalOnClass(LoadBalanced.class)
@ConditionalOnBooleanProperty(name = "junction.client.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ClientProperties.class)
@Import(CircuitBreakerDefaultsConfiguration.class)
public final class LoadBalancedClientsAutoConfiguration {

	/**
	 * When, how soon and how often the load-balanced clients retry an idempotent call,
	 * with a retry budget per called service ({@code junction.client.retry.*}).
	 * @param properties the client settings
	 * @param meters where the budgets count allowed and refused retries
	 * @return the retry policy of both clients
	 */
	@Bean
	@ConditionalOnMissingBean(name = "junctionClientRetryPolicy")
	RetryPolicy junctionClientRetryPolicy(ClientProperties properties, ObjectProvider<MeterRegistry> meters) {
		ClientProperties.Retry retry = properties.getRetry();
		if (retry.getMaxAttempts() < 1) {
			throw new IllegalArgumentException(
					"junction.client.retry.max-attempts must be 1 (no retries) or more, not " + retry.getMaxAttempts());
		}
		if (notPositive(retry.getPerTryTimeout()) || notPositive(retry.getDeadline())) {
			throw new IllegalArgumentException(
					"junction.client.retry.per-try-timeout and deadline must be longer than 0," + " not "
							+ retry.getPerTryTimeout() + " and " + retry.getDeadline());
		}
		Clock clock = Clock.systemUTC();
		RetryBudgets budgets = new RetryBudgets(retry.getBudget().getRatio(),
				retry.getBudget().getMinRetriesPerSecond(), retry.getBudget().getWindow(), clock, meters.getIfUnique());
		Backoff backoff = new Backoff(retry.getBackoff().getFirst(), retry.getBackoff().getFactor(),
				retry.getBackoff().getMax());
		return new RetryPolicy(retry.getMaxAttempts(), Set.copyOf(retry.getStatuses()), backoff, budgets, clock);
	}

	private static boolean notPositive(Duration duration) {
		return duration.isNegative() || duration.isZero();
	}

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
				ObjectProvider<RetryPolicy> retryPolicy, ClientProperties properties) {
			RestClient.Builder builder = configurer.getIfAvailable(RestClientBuilderConfigurer::new)
				.configure(RestClient.builder());
			HttpClientSettings base = settings.getIfAvailable(HttpClientSettings::defaults);
			ClientHttpRequestFactoryBuilder<?> factories = requestFactoryBuilder
				.getIfAvailable(ClientHttpRequestFactoryBuilder::detect);
			// idempotent calls wait their per-try timeout
			// for an answer, the others the read timeout
			builder.requestFactory(new PerTryTimeoutRequestFactory(
					factories.build(base.withTimeouts(properties.getConnectTimeout(), properties.getReadTimeout())),
					(perTry) -> factories.build(base.withTimeouts(properties.getConnectTimeout(), perTry))));
			if (properties.getPropagation().isEnabled()) {
				builder.requestInterceptor(new CallContextInterceptor());
			}
			CircuitBreakerFactory<?, ?> breakerFactory = breakers.getIfUnique();
			if (properties.getCircuitBreaker().isEnabled() && breakerFactory != null) {
				builder.requestInterceptor(new CircuitBreakerInterceptor(breakerFactory));
			}
			RetryPolicy retries = retryPolicy.getIfUnique();
			if (properties.getRetry().isEnabled() && retries != null) {
				builder.requestInterceptor(
						new RetryInterceptor(retries, properties.getRetry().getDeadline(), properties::perTryTimeout));
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
				ObjectProvider<ObservationRegistry> observationRegistry, ObjectProvider<RetryPolicy> retryPolicy,
				ObjectProvider<OutlierDetector> outliers, ClientProperties properties) {
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
			RetryPolicy retries = retryPolicy.getIfUnique();
			if (properties.getRetry().isEnabled() && retries != null) {
				builder.filter(new RetryExchangeFilter(retries, properties.getRetry().getDeadline(),
						properties::perTryTimeout, outliers.getIfAvailable()));
			}
			return builder;
		}

	}

}
