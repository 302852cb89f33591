/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.junction.testsupport.RedisNamespaceExtension;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import dev.junction.testsupport.ServerConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigurationProperties;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leases on the shared buckets of a real Redis: a busy key asks Redis for a small share
 * of its requests, replicas together never admit more than the shared bucket grants,
 * small buckets still take a token per request, and an unspent lease is dropped after its
 * time.
 */
class LeasedTokenBucketsTests {

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	private final AtomicInteger redisCalls = new AtomicInteger();

	private final AtomicLong granted = new AtomicLong();

	private final AtomicInteger redisAnswers = new AtomicInteger();

	private LettuceConnectionFactory connections;

	private RedisTokenBucket shared;

	private String bucket;

	@BeforeEach
	void connect() {
		ServerConnection server = redis.server();
		this.connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(server.host(), server.port()));
		this.connections.afterPropertiesSet();
		this.connections.start();
		this.shared = new RedisTokenBucket(new ReactiveStringRedisTemplate(this.connections));
		this.bucket = redis.keyPrefix() + System.nanoTime();
	}

	@AfterEach
	void close() {
		this.connections.destroy();
	}

	private LeasedTokenBuckets replica(Duration ttl, AtomicLong clock) {
		return new LeasedTokenBuckets(this::countedTake, ttl, clock::get);
	}

	private LeasedTokenBuckets replica() {
		return new LeasedTokenBuckets(this::countedTake, Duration.ofSeconds(1), System::nanoTime);
	}

	private Mono<BucketState> countedTake(String key, RateLimitProperties.Limit limit, long wanted) {
		this.redisCalls.incrementAndGet();
		return this.shared.take(key, limit, wanted)
			.doOnNext((state) -> this.granted.addAndGet(state.granted()))

			.doFinally((signal) -> this.redisAnswers.incrementAndGet());
	}

	private static RateLimitProperties.Limit limit(int capacity, double refillPerSecond) {
		RateLimitProperties.Limit limit = new RateLimitProperties.Limit();
		limit.setCapacity(capacity);
		limit.setRefillPerSecond(refillPerSecond);
		return limit;
	}

	@Test
	void aBusyKeyAsksRedisForASmallShareOfItsRequests() {
		LeasedTokenBuckets replica = replica();
		RateLimitProperties.Limit limit = limit(100_000, 100_000);
		for (int i = 0; i < 2000; i++) {
			BucketState state = replica.take(this.bucket, limit).block();
			assertThat(state.allowed()).isTrue();
			// the bucket's last answer plus the lease: never more than the bucket holds
			assertThat(state.remaining()).as("RateLimit-Remaining").isLessThanOrEqualTo(limit.getCapacity());
		}
		assertThat(this.redisCalls.get()).as("Redis calls for 2000 requests").isLessThan(400);
		// unspent at the end: what is left of a lease when the next is taken (at half of
		// it, in the background) plus that next lease, at most one and a half leases
		long maxLease = LeasedTokenBuckets.maxLease(limit);
		assertThat(this.granted.get()).as("tokens taken from the shared bucket")
			.isBetween(2000L, 2000L + maxLease + maxLease / 2);
	}

	@Test
	void replicasTogetherNeverAdmitMoreThanTheSharedBucketGrants() throws Exception {
		// four replicas, capacity 100, a slow refill: 400 concurrent requests
		RateLimitProperties.Limit limit = limit(100, 1);
		List<LeasedTokenBuckets> replicas = List.of(replica(), replica(), replica(), replica());
		ExecutorService clients = Executors.newFixedThreadPool(8);
		long started = System.nanoTime();
		List<Future<Boolean>> answers = new ArrayList<>();
		try {
			for (int i = 0; i < 400; i++) {
				LeasedTokenBuckets replica = replicas.get(i % 4);
				Callable<Boolean> request = () -> replica.take(this.bucket, limit).block().allowed();
				answers.add(clients.submit(request));
			}
			int admitted = 0;
			for (Future<Boolean> answer : answers) {
				admitted += answer.get() ? 1 : 0;
			}
			long refilled = (System.nanoTime() - started) / 1_000_000_000L + 1;
			assertThat((long) admitted).as("admitted of 400").isLessThanOrEqualTo(this.granted.get());
			assertThat(this.granted.get()).as("granted by the shared bucket").isLessThanOrEqualTo(100 + refilled);
			// every replica keeps asking while it has requests: what one holds, it spends
			assertThat(admitted).isGreaterThanOrEqualTo(100 - 4 * (int) LeasedTokenBuckets.maxLease(limit));
		}
		finally {
			clients.shutdownNow();
		}
	}

	@Test
	void aSmallBucketTakesATokenFromRedisPerRequestSoItStaysExact() {
		LeasedTokenBuckets first = replica();
		LeasedTokenBuckets second = replica();
		RateLimitProperties.Limit limit = limit(5, 0.01);
		for (int i = 0; i < 5; i++) {
			BucketState state = ((i % 2 == 0) ? first : second).take(this.bucket, limit).block();
			assertThat(state.allowed()).isTrue();
			assertThat(state.remaining()).isEqualTo(4 - i);
		}
		assertThat(first.take(this.bucket, limit).block().allowed()).isFalse();
		assertThat(second.take(this.bucket, limit).block().allowed()).isFalse();
		assertThat(this.redisCalls.get()).isEqualTo(7);
	}

	@Test
	void anUnspentLeaseIsDroppedAfterItsTime() {
		AtomicLong clock = new AtomicLong(1_000_000_000L);
		LeasedTokenBuckets replica = replica(Duration.ofSeconds(1), clock);
		RateLimitProperties.Limit limit = limit(1000, 0.01);
		for (int i = 0; i < 300; i++) {
			assertThat(replica.take(this.bucket, limit).block().allowed()).isTrue();
			clock.addAndGet(1_000_000);
		}
		// the lease taken in the background has arrived
		await().atMost(Duration.ofSeconds(5)).until(() -> this.redisAnswers.get() == this.redisCalls.get());
		long taken = this.granted.get();
		assertThat(taken).as("300 spent plus what the replica holds").isGreaterThan(300);
		clock.addAndGet(Duration.ofSeconds(2).toNanos());
		int calls = this.redisCalls.get();
		BucketState state = replica.take(this.bucket, limit).block();
		assertThat(state.allowed()).isTrue();
		assertThat(this.redisCalls.get()).as("the expired lease sent the request to Redis").isGreaterThan(calls);
		assertThat(state.remaining()).as("what the replica held is gone, not back in the bucket")
			.isLessThanOrEqualTo(1000 - taken);
	}

	@Test
	void anEmptySharedBucketIsRefusedLocallyUntilATokenIsDue() {
		LeasedTokenBuckets replica = replica();
		RateLimitProperties.Limit limit = limit(20, 0.5);
		int admitted = 0;
		for (int i = 0; i < 200; i++) {
			BucketState state = replica.take(this.bucket, limit).block();
			if (state.allowed()) {
				admitted++;
			}
			else {
				assertThat(state.millisUntilAllowed()).isPositive();
			}
		}
		assertThat(admitted).isEqualTo(20);
		assertThat(this.redisCalls.get()).as("refusals asked Redis only once").isLessThan(30);
	}

	/**
	 * Two replicas' limiters, each with its Redis breaker as the starter builds it,
	 * offered twice the refill rate by concurrent clients: together they admit what one
	 * bucket refills, and the lease tokens they were granted are what they admitted.
	 */
	@Test
	void twoReplicasOfferedTwiceTheRefillAdmitWhatTheBucketRefills() throws Exception {
		RateLimitProperties.Limit limit = limit(20, 20);
		RateLimitProperties properties = new RateLimitProperties();
		properties.setKeyPrefix("");
		ReactiveResilience4JCircuitBreakerFactory breakers = new ReactiveResilience4JCircuitBreakerFactory(
				CircuitBreakerRegistry.ofDefaults(), TimeLimiterRegistry.ofDefaults(), null,
				new Resilience4JConfigurationProperties());
		RedisTokenBucket counted = new RedisTokenBucket(new ReactiveStringRedisTemplate(this.connections)) {

			@Override
			Mono<BucketState> take(String key, RateLimitProperties.Limit bucketLimit, long wanted) {
				return countedTake(key, bucketLimit, wanted);
			}

		};
		List<RateLimiter> replicas = List.of(
				new RateLimiter(counted, new LocalTokenBuckets(), breakers.create("replica-a"), properties),
				new RateLimiter(counted, new LocalTokenBuckets(), breakers.create("replica-b"), properties));
		// connected first, so that no request waits for the connection
		this.shared.take(this.bucket + ":warm-up", limit, 1).block();
		AtomicInteger admitted = new AtomicInteger();
		ExecutorService clients = Executors.newFixedThreadPool(16);
		long started = System.nanoTime();
		try {
			for (int i = 0; i < 200; i++) {
				long wait = started + i * 25_000_000L - System.nanoTime();
				if (wait > 0) {
					Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
				}
				RateLimiter replica = replicas.get(i % 2);
				clients.execute(() -> {
					if (replica.take(this.bucket, limit).block().allowed()) {
						admitted.incrementAndGet();
					}
				});
			}
		}
		finally {
			clients.shutdown();
			clients.awaitTermination(10, TimeUnit.SECONDS);
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		double ideal = 20 + 20 * seconds;
		assertThat((double) admitted.get()).as("admitted, ideal %.0f", ideal).isBetween(0.9 * ideal, 1.05 * ideal);
		assertThat(this.granted.get()).as("granted by the shared bucket").isGreaterThanOrEqualTo(admitted.get());
		assertThat(this.granted.get()).isLessThanOrEqualTo(admitted.get() + 2 * LeasedTokenBuckets.maxLease(limit));
	}

}
