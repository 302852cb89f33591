/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.junction.gateway.edge.GatewayProblems;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.http.HttpStatus;

/**
 * Takes tokens from the shared Redis buckets, and decides what happens when Redis cannot
 * answer. Every Redis call is bounded by {@code redis-timeout} and runs in a circuit
 * breaker: after a few failures the breaker opens and requests go straight to the
 * Redis-down behaviour without calling Redis at all (no request waits for a timeout while
 * Redis is gone); after {@code redis-retry-interval} a request probes Redis again, and
 * enforcement through Redis resumes by itself once it answers.
 */
final class RateLimiter {

	private static final Log logger = LogFactory.getLog(RateLimiter.class);

	private final RedisTokenBucket redis;

	private final LocalTokenBuckets local;

	private final ReactiveCircuitBreaker breaker;

	private final RateLimitProperties properties;

	private final AtomicBoolean redisDown = new AtomicBoolean();

	private final LeasedTokenBuckets leases;

	RateLimiter(RedisTokenBucket redis, LocalTokenBuckets local, ReactiveCircuitBreaker breaker,
			RateLimitProperties properties) {
		this.redis = redis;
		this.local = local;
		this.breaker = breaker;
		this.properties = properties;
		this.leases = new LeasedTokenBuckets(this::takeShared, properties.getLeaseTtl(), System::nanoTime);
	}

	/** Connects to Redis ahead of the first request; a failure here is only logged. */
	void warmUp() {
		this.redis.warmUp()
			.timeout(Duration.ofSeconds(10))
			.subscribe(null, (failure) -> logger.warn("Redis is not reachable yet (" + failure + "); rate limiting "
					+ "starts with the Redis-down behaviour. Check spring.data.redis.*."));
	}

	/**
	 * Takes a token for a request, from this replica's lease on the shared bucket
	 * ({@link LeasedTokenBuckets}) or from the shared bucket itself; while Redis is down,
	 * from the Redis-down behaviour.
	 * @param bucket the bucket (route and client key)
	 * @param limit its limit
	 * @return whether the request may pass, and what the bucket holds
	 */
	Mono<BucketState> take(String bucket, RateLimitProperties.Limit limit) {
		if (this.redisDown.get()) {
			// the Redis-down behaviour is per request, with nothing to lease
			return takeShared(bucket, limit, 1);
		}
		return this.leases.take(bucket, limit);
	}

	private Mono<BucketState> takeShared(String bucket, RateLimitProperties.Limit limit, long wanted) {
		Mono<BucketState> fromRedis = this.redis.take(this.properties.getKeyPrefix() + bucket, limit, wanted)
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("Redis answered the token script with nothing")))
			.timeout(this.properties.getRedisTimeout())
			.doOnNext((state) -> redisAnswered());
		return this.breaker.run(fromRedis, (failure) -> whileRedisDown(bucket, limit, failure));
	}

	private void redisAnswered() {
		if (this.redisDown.compareAndSet(true, false)) {
			logger.info("Redis answers again: rate limits are shared by all gateway replicas again");
		}
	}

	private Mono<BucketState> whileRedisDown(String bucket, RateLimitProperties.Limit limit, Throwable failure) {
		if (this.redisDown.compareAndSet(false, true)) {
			logger.warn("Rate limiting cannot use Redis (" + failure + "); "
					+ ((this.properties.getWhenRedisDown() == RateLimitProperties.RedisDown.ALLOW)
							? "limiting with a local bucket per gateway replica"
							: "refusing rate-limited requests with 503")
					+ " until it answers (junction.gateway.rate-limit.when-redis-down). Check spring.data.redis.*.");
		}
		if (this.properties.getWhenRedisDown() == RateLimitProperties.RedisDown.ALLOW) {
			return Mono.just(this.local.take(bucket, limit));
		}
		return Mono.error(GatewayProblems.problem(HttpStatus.SERVICE_UNAVAILABLE, "rate-limiter-unavailable",
				"Rate limiting is unavailable, so this route refuses requests for now. Try again later."));
	}

}
