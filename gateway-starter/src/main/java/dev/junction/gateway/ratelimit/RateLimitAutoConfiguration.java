/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.ratelimit;

import java.time.Duration;

import dev.junction.gateway.edge.ClientAddressResolver;
import dev.junction.gateway.edge.EdgeAutoConfiguration;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import java.util.concurrent.TimeUnit;

/**
 * Redis-backed rate limiting ({@code junction.gateway.rate-limit.*}), with a Redis client
 * tuned to fail fast rather than queue while Redis is down: commands are rejected at once
 * while disconnected, reconnect attempts stay frequent (Lettuce's default backs off to 30
 * s, which would delay the return to shared limits), and the limiter's own circuit
 * breaker stops asking after repeated failures.
 */
@AutoConfiguration(after = { EdgeAutoConfiguration.class, DataRedisReactiveAutoConfiguration.class },
		afterName = "org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JAutoConfiguration")
@ConditionalOnClass({ ReactiveStringRedisTemplate.class, GlobalFilter.class, ClientOptions.class })
@ConditionalOnBooleanProperty(name = "junction.gateway.rate-limit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RateLimitProperties.class)
public final class RateLimitAutoConfiguration {

	/** Circuit breaker id of the limiter's Redis calls. */
	static final String REDIS_BREAKER = "junction-rate-limit-redis";

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ ReactiveStringRedisTemplate.class, ReactiveCircuitBreakerFactory.class,
			ClientAddressResolver.class })
	RateLimitFilter junctionRateLimitFilter(ReactiveStringRedisTemplate redis,
			ReactiveCircuitBreakerFactory<?, ?> breakers, ClientAddressResolver clientAddress,
			RateLimitProperties properties) {
		RateLimiter limiter = new RateLimiter(new RedisTokenBucket(redis), new LocalTokenBuckets(),
				breakers.create(REDIS_BREAKER), properties);
		return new RateLimitFilter(limiter, new RateLimitKeys(clientAddress), properties);
	}

	@Bean
	@ConditionalOnClass(ReactiveResilience4JCircuitBreakerFactory.class)
	Customizer<ReactiveResilience4JCircuitBreakerFactory> junctionRateLimitRedisBreaker(
			RateLimitProperties properties) {
		// a few failures in a row open it; one probe after redis-retry-interval closes it
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(10)
			.minimumNumberOfCalls(3)
			.failureRateThreshold(50)
			.waitDurationInOpenState(properties.getRedisRetryInterval())
			.permittedNumberOfCallsInHalfOpenState(1)
			.build();
		return (factory) -> factory.configure((builder) -> builder.circuitBreakerConfig(config), REDIS_BREAKER);
	}

	@Bean
	LettuceClientOptionsBuilderCustomizer junctionFailFastLettuceOptions() {
		return (options) -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

	@Bean
	ClientResourcesBuilderCustomizer junctionFrequentRedisReconnects() {
		return (resources) -> resources
			.reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS));
	}

}
