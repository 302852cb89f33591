/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.retry;

import java.time.Clock;
import java.time.Duration;

/**
 * How many retries the calls to one service may make: at most {@code ratio} of the
 * requests sent over the last {@code window}, plus {@code minRetriesPerSecond} for every
 * second of it (so a service called rarely can still be retried). With the defaults (20
 * %, 10 per second, 10 s, as in Linkerd) a service answering every request with a failure
 * sees at most 1.2 times the requests plus 100 attempts in 10 s, however many attempts
 * each request may make: retries fix the odd broken instance and cannot become a storm
 * that keeps an overloaded service down.
 * <p>
 * The window is ten buckets on the given clock; thread-safe.
 */
public final class RetryBudget {

	private static final int BUCKETS = 10;

	private final double ratio;

	private final double reserve;

	private final long bucketMillis;

	private final Clock clock;

	private final long[] requests = new long[BUCKETS];

	private final long[] retries = new long[BUCKETS];

	private long currentBucket = Long.MIN_VALUE;

	/**
	 * A budget.
	 * @param ratio the share of requests that may be retried, 0 to 1 or more
	 * @param minRetriesPerSecond retries allowed per second of the window whatever the
	 * requests
	 * @param window how far back requests and retries count
	 * @param clock the clock the window follows
	 */
	public RetryBudget(double ratio, int minRetriesPerSecond, Duration window, Clock clock) {
		if (ratio < 0 || minRetriesPerSecond < 0) {
			throw new IllegalArgumentException(
					"A retry budget's ratio and minimum retries per second must be 0 or more, not " + ratio + " and "
							+ minRetriesPerSecond);
		}
		if (window.toMillis() < BUCKETS) {
			throw new IllegalArgumentException("A retry budget's window must be at least 10 ms, not " + window);
		}
		this.ratio = ratio;
		this.reserve = minRetriesPerSecond * (window.toMillis() / 1000.0);
		this.bucketMillis = window.toMillis() / BUCKETS;
		this.clock = clock;
	}

	/** Counts a request sent for the first time (not a retry). */
	public synchronized void recordRequest() {
		this.requests[advance()]++;
	}

	/**
	 * Spends one retry if the budget has one left.
	 * @return whether the retry may be made
	 */
	public synchronized boolean tryRetry() {
		int bucket = advance();
		if (sum(this.retries) + 1 > this.ratio * sum(this.requests) + this.reserve) {
			return false;
		}
		this.retries[bucket]++;
		return true;
	}

	/**
	 * The retries the budget still allows now.
	 * @return retries left, 0 when spent
	 */
	public synchronized long remaining() {
		advance();
		return Math.max(0, (long) Math.floor(this.ratio * sum(this.requests) + this.reserve) - sum(this.retries));
	}

	private int advance() {
		long now = Math.floorDiv(this.clock.millis(), this.bucketMillis);
		if (this.currentBucket == Long.MIN_VALUE || now - this.currentBucket >= BUCKETS) {
			clear(0, BUCKETS);
		}
		else {
			for (long bucket = this.currentBucket + 1; bucket <= now; bucket++) {
				clear((int) Math.floorMod(bucket, BUCKETS), 1);
			}
		}
		if (this.currentBucket == Long.MIN_VALUE || now > this.currentBucket) {
			// a clock that steps back keeps counting in the newest bucket
			this.currentBucket = now;
		}
		return (int) Math.floorMod(this.currentBucket, BUCKETS);
	}

	private void clear(int from, int count) {
		for (int i = from; i < from + count; i++) {
			this.requests[i] = 0;
			this.retries[i] = 0;
		}
	}

	private static long sum(long[] counts) {
		long sum = 0;
		for (long count : counts) {
			sum += count;
		}
		return sum;
	}

}
