/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shedding;

/**
 * A limit that follows latency. It keeps two moving averages of the response time, a
 * long-term one (about the last 600 requests: what the service takes without queueing)
 * and a short-term one (about the last 10: what it takes now). Their ratio, the gradient,
 * says whether requests queue: while the short-term time stays within 1.5 times the
 * long-term one the gradient is 1 and the limit grows by a queue allowance of
 * {@code sqrt(limit)}; beyond that it falls towards half, and the limit with it. Each new
 * estimate is smoothed into the old one, and the limit always stays within its bounds.
 * <p>
 * Samples taken while fewer than half the limit were in flight change nothing: a lightly
 * loaded service says nothing about its capacity, and its limit must neither creep up to
 * the maximum nor fall because of one slow call. When latency falls far below the
 * long-term average (a slow start-up is over) the long-term average is pulled down
 * faster, so the next rise counts from the new normal.
 */
public final class GradientConcurrencyLimit implements ConcurrencyLimit {

	/** Weight of a sample in the long-term average (an EMA of ~600 samples). */
	private static final double LONG_WEIGHT = 2.0 / (600 + 1);

	/** Weight of a sample in the short-term average (an EMA of ~10 samples). */
	private static final double SHORT_WEIGHT = 2.0 / (10 + 1);

	/** How much slower than the long-term average a request may be before it counts. */
	private static final double TOLERANCE = 1.5;

	/** Share of a new estimate in the limit. */
	private static final double SMOOTHING = 0.2;

	private final int minLimit;

	private final int maxLimit;

	private double limit;

	private double longRtt;

	private double shortRtt;

	/**
	 * Creates the limit.
	 * @param initialLimit the limit until samples move it
	 * @param minLimit the lowest it may fall to, at least 1
	 * @param maxLimit the highest it may grow to
	 */
	public GradientConcurrencyLimit(int initialLimit, int minLimit, int maxLimit) {
		if (minLimit < 1 || minLimit > initialLimit || initialLimit > maxLimit) {
			throw new IllegalArgumentException("Limits must satisfy 1 <= min <= initial <= max, were min " + minLimit
					+ ", initial " + initialLimit + ", max " + maxLimit);
		}
		this.minLimit = minLimit;
		this.maxLimit = maxLimit;
		this.limit = initialLimit;
	}

	@Override
	public synchronized int limit() {
		return (int) this.limit;
	}

	@Override
	public synchronized void onSample(long rttNanos, int inFlight) {
		double rtt = Math.max(1, rttNanos);
		if (this.longRtt == 0) {
			this.longRtt = rtt;
			this.shortRtt = rtt;
		}
		else {
			this.longRtt += LONG_WEIGHT * (rtt - this.longRtt);
			this.shortRtt += SHORT_WEIGHT * (rtt - this.shortRtt);
		}
		if (this.longRtt / this.shortRtt > 2) {
			this.longRtt *= 0.95;
		}
		if (inFlight < this.limit / 2) {
			return;
		}
		double gradient = Math.max(0.5, Math.min(1.0, TOLERANCE * this.longRtt / this.shortRtt));
		double estimate = this.limit * gradient + Math.sqrt(this.limit);
		double smoothed = this.limit * (1 - SMOOTHING) + estimate * SMOOTHING;
		this.limit = Math.max(this.minLimit, Math.min(this.maxLimit, smoothed));
	}

	@Override
	public String toString() {
		return "gradient " + limit() + " [" + this.minLimit + ", " + this.maxLimit + "]";
	}

}
