/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.ratelimit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * In-memory token buckets, used while Redis is down so limits still roughly hold (each
 * replica enforces the whole limit on its own, so N replicas admit up to N times it).
 * Bounded: past {@value #MAX_BUCKETS} keys the buckets start over, which only ever admits
 * more, never fewer, requests.
 */
final class LocalTokenBuckets {

	static final int MAX_BUCKETS = 100_000;

	private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final LongSupplier nanoClock;

	LocalTokenBuckets() {
		this(System::nanoTime);
	}

	LocalTokenBuckets(LongSupplier nanoClock) {
		this.nanoClock = nanoClock;
	}

	BucketState take(String key, RateLimitProperties.Limit limit) {
		if (this.buckets.size() > MAX_BUCKETS) {
			this.buckets.clear();
		}
		Bucket bucket = this.buckets.computeIfAbsent(key, (k) -> new Bucket(limit.getCapacity(), this.nanoClock));
		return bucket.take(limit.getCapacity(), limit.getRefillPerSecond());
	}

	private static final class Bucket {

		private final LongSupplier clock;

		private double tokens;

		private long last;

		Bucket(double capacity, LongSupplier clock) {
			this.clock = clock;
			this.tokens = capacity;
			this.last = clock.getAsLong();
		}

		synchronized BucketState take(int capacity, double perSecond) {
			long now = this.clock.getAsLong();
			this.tokens = Math.min(capacity, this.tokens + (now - this.last) / 1e9 * perSecond);
			this.last = now;
			boolean allowed = this.tokens >= 1;
			long untilAllowed = 0;
			if (allowed) {
				this.tokens -= 1;
			}
			else {
				untilAllowed = (long) Math.ceil((1 - this.tokens) * 1000 / perSecond);
			}
			long untilFull = (long) Math.ceil((capacity - this.tokens) * 1000 / perSecond);
			return new BucketState(allowed ? 1 : 0, (long) Math.floor(this.tokens), untilFull, untilAllowed);
		}

	}

}
