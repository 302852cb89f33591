/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.ratelimit;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * This replica's leases on the shared buckets, so that most requests do not wait for
 * Redis. A lease is a batch of tokens taken from the shared bucket in one script call and
 * spent here, one per request, without asking Redis; when a lease runs low the next one
 * is taken in the background, so a key with steady traffic never waits. The limit stays
 * shared: every token still comes out of the one bucket in Redis, and a replica can only
 * hold what it was granted.
 * <p>
 * The rules, after Envoy's local-plus-global rate limiting and the token leasing that
 * Stripe's and Cloudflare's limiters describe:
 * <ul>
 * <li>a lease covers about {@value #LEASE_SECONDS} s of the key's recent rate at this
 * replica (at least 1 token, at most a tenth of the capacity), so a quiet key takes one
 * token at a time, as without leases, and a busy one a few batches a second;</li>
 * <li>buckets smaller than {@value #MIN_CAPACITY} tokens are not leased: each request
 * takes its token from Redis, so small limits stay exact across replicas;</li>
 * <li>tokens of a lease not spent within {@code lease-ttl} are dropped (never returned,
 * so a replica can never admit more than it was granted); the shared bucket refills
 * meanwhile. Dropped tokens make the limit err on the strict side, by at most one lease
 * per replica and key going quiet;</li>
 * <li>when the shared bucket is empty, this replica refuses the key locally until Redis
 * said a token would be there again, then asks once;</li>
 * <li>the {@code RateLimit-Remaining} header counts the shared bucket's tokens at its
 * last answer plus the tokens of this replica's lease, at most the capacity.</li>
 * </ul>
 * Leased tokens make the first second's burst at most the capacity plus one lease per
 * replica. Where Redis cannot answer, the source ({@link RateLimiter}) answers with its
 * Redis-down behaviour, one token at a time.
 */
final class LeasedTokenBuckets {

	/** The share of a second of this replica's rate that one lease covers. */
	static final double LEASE_SECONDS = 0.1;

	/** The smallest capacity that is leased; smaller buckets take a token per request. */
	static final int MIN_CAPACITY = 20;

	/** The most keys with a lease kept; beyond it every lease is dropped. */
	static final int MAX_LEASES = 100_000;

	/** Where tokens come from: the shared bucket, or the Redis-down behaviour. */
	interface Source {

		Mono<BucketState> take(String bucket, RateLimitProperties.Limit limit, long wanted);

	}

	private final ConcurrentMap<String, Lease> leases = new ConcurrentHashMap<>();

	private final Source source;

	private final long ttlNanos;

	private final LongSupplier nanoClock;

	LeasedTokenBuckets(Source source, Duration ttl, LongSupplier nanoClock) {
		this.source = source;
		this.ttlNanos = ttl.toNanos();
		this.nanoClock = nanoClock;
	}

	/**
	 * Takes one token for a request.
	 * @param bucket the bucket (route and client key)
	 * @param limit its limit
	 * @return whether the request may pass, and what the bucket holds
	 */
	Mono<BucketState> take(String bucket, RateLimitProperties.Limit limit) {
		if (this.ttlNanos <= 0 || limit.getCapacity() < MIN_CAPACITY) {
			return this.source.take(bucket, limit, 1);
		}
		if (this.leases.size() > MAX_LEASES) {
			this.leases.clear();
		}
		return this.leases.computeIfAbsent(bucket, (key) -> new Lease(key, limit)).take(true);
	}

	/** Maximum tokens in one lease of a bucket. */
	static long maxLease(RateLimitProperties.Limit limit) {
		return Math.max(1, limit.getCapacity() / 10);
	}

	/** One bucket's lease at this replica. */
	private final class Lease {

		private final String bucket;

		private final RateLimitProperties.Limit limit;

		private long tokens;

		private long expiresAt;

		private boolean refusing;

		private long refusedUntil;

		private long sharedRemaining;

		private long fullAt;

		private long lastLease = 1;

		private long takenSinceFetch;

		private long lastFetchAt;

		private double rate;

		private @Nullable Mono<BucketState> inFlight;

		private long fetches;

		Lease(String bucket, RateLimitProperties.Limit limit) {
			this.bucket = bucket;
			this.limit = limit;
		}

		Mono<BucketState> take(boolean mayFetch) {
			Mono<BucketState> fetch;
			synchronized (this) {
				long now = LeasedTokenBuckets.this.nanoClock.getAsLong();
				if (this.tokens > 0 && now - this.expiresAt >= 0) {
					this.tokens = 0;
				}
				boolean refusing = this.refusing && now - this.refusedUntil < 0;
				if (this.tokens > 0) {
					this.tokens--;
					this.takenSinceFetch++;
					if (this.tokens <= this.lastLease / 2 && !refusing) {
						// the next lease, taken in the background while this one lasts
						fetch(now);
					}
					// the bucket may have refilled since its last answer: report no
					// more than its capacity
					long remaining = Math.min(this.limit.getCapacity(), this.sharedRemaining + this.tokens);
					return Mono.just(new BucketState(1, remaining, untilFull(now), 0));
				}
				if (refusing || !mayFetch) {
					return Mono.just(refused(now));
				}
				fetch = fetch(now);
			}
			return fetch.flatMap((state) -> take(state.granted() > 0));
		}

		/** Starts taking a lease (under the lock), or joins the one being taken. */
		private Mono<BucketState> fetch(long now) {
			Mono<BucketState> pending = this.inFlight;
			if (pending != null) {
				return pending;
			}
			if (this.lastFetchAt != 0 && now - this.lastFetchAt > 0) {
				double observed = this.takenSinceFetch * 1e9 / (now - this.lastFetchAt);
				this.rate = (this.rate == 0) ? observed : (this.rate + observed) / 2;
			}
			this.lastFetchAt = now;
			this.takenSinceFetch = 0;
			long wanted = Math.max(1, Math.min(maxLease(this.limit), (long) Math.ceil(this.rate * LEASE_SECONDS)));
			long fetch = ++this.fetches;
			// the lease is over for this replica before its waiters see the answer, so a
			// waiter that finds no token left starts the next one instead of joining it
			Mono<BucketState> lease = LeasedTokenBuckets.this.source.take(this.bucket, this.limit, wanted)
				.doOnNext((state) -> granted(state, fetch))
				.doFinally((signal) -> done(fetch))
				.cache();
			this.inFlight = lease;
			// taken whether or not the request that started it is still waiting
			lease.subscribe(null, (failure) -> {
			});
			return lease;
		}

		private synchronized void granted(BucketState state, long fetch) {
			done(fetch);
			long now = LeasedTokenBuckets.this.nanoClock.getAsLong();
			if (now - this.expiresAt >= 0) {
				this.tokens = 0;
			}
			this.tokens += state.granted();
			this.expiresAt = now + LeasedTokenBuckets.this.ttlNanos;
			this.sharedRemaining = state.remaining();
			this.fullAt = now + Duration.ofMillis(state.millisUntilFull()).toNanos();
			this.refusing = state.granted() == 0;
			if (this.refusing) {
				this.refusedUntil = now + Duration.ofMillis(Math.max(1, state.millisUntilAllowed())).toNanos();
			}
			else {
				this.lastLease = state.granted();
			}
		}

		private synchronized void done(long fetch) {
			if (this.fetches == fetch) {
				this.inFlight = null;
			}
		}

		private BucketState refused(long now) {
			long untilAllowed = this.refusing ? Math.max(1, millisCeil(this.refusedUntil - now)) : 1;
			return new BucketState(0, this.sharedRemaining, untilFull(now), untilAllowed);
		}

		private long untilFull(long now) {
			return Math.max(0, millisCeil(this.fullAt - now));
		}

		private static long millisCeil(long nanos) {
			return (nanos <= 0) ? 0 : (nanos + 999_999) / 1_000_000;
		}

	}

}
