/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: before retry {@code n} (1 for the first) the
 * caller waits a random time between 0 and {@code min(max, first × factor^(n-1))}. The
 * jitter spreads the retries of many callers that failed at the same moment, so they do
 * not come back in step.
 */
public final class Backoff {

	private final Duration first;

	private final double factor;

	private final Duration max;

	private final DoubleSupplier random;

	/**
	 * A backoff on {@link ThreadLocalRandom}.
	 * @param first the ceiling of the first wait
	 * @param factor how much the ceiling grows from one retry to the next, 1 or more
	 * @param max the highest ceiling
	 */
	public Backoff(Duration first, double factor, Duration max) {
		this(first, factor, max, () -> ThreadLocalRandom.current().nextDouble());
	}

	/**
	 * A backoff.
	 * @param first the ceiling of the first wait
	 * @param factor how much the ceiling grows from one retry to the next, 1 or more
	 * @param max the highest ceiling
	 * @param random random numbers from 0 (inclusive) to 1 (exclusive)
	 */
	public Backoff(Duration first, double factor, Duration max, DoubleSupplier random) {
		if (first.isNegative() || max.compareTo(first) < 0 || factor < 1) {
			throw new IllegalArgumentException("A retry backoff needs 0 <= first <= max and a factor of 1 or more, not "
					+ first + ", " + max + " and " + factor);
		}
		this.first = first;
		this.factor = factor;
		this.max = max;
		this.random = random;
	}

	/**
	 * The highest wait before a retry.
	 * @param retry which retry, 1 for the first
	 * @return the ceiling of the wait
	 */
	public Duration ceiling(int retry) {
		double nanos = this.first.toNanos() * Math.pow(this.factor, Math.max(0, retry - 1));
		return (nanos >= this.max.toNanos()) ? this.max : Duration.ofNanos((long) nanos);
	}

	/**
	 * How long to wait before a retry.
	 * @param retry which retry, 1 for the first
	 * @return a random wait from 0 to {@link #ceiling(int)}
	 */
	public Duration delay(int retry) {
		return Duration.ofNanos((long) (ceiling(retry).toNanos() * this.random.getAsDouble()));
	}

}
