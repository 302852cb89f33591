/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shedding;

/**
 * A limit that follows latency. It compares two response times: the service's time
 * without a queue of the limit's making (its no-load time) and a short-term moving
 * average of about the last 10 requests (what it takes now). While the short-term time
 * stays within 1.5 times the no-load time the limit grows by a queue allowance of
 * {@code sqrt(limit)}; beyond that their ratio, the gradient, cuts it, by up to half at
 * once. Each new estimate is smoothed into the old one. Samples of requests admitted
 * while fewer than half the limit were in flight never move the limit: a lightly loaded
 * service says nothing about its capacity, and its limit must neither creep up to the
 * maximum nor fall because of one slow call.
 * <p>
 * The no-load time is a moving average of about the last 100 requests while the limit
 * refuses nothing (it then does not decide the queue). While it refuses, the requests it
 * admits queue behind each other, so they no longer teach the no-load time: an average of
 * them would follow the queue up, and the limit with it, to its maximum under sustained
 * overload. Instead, once it has refused for a second, and then every
 * {@value #PROBE_INTERVAL_SECONDS} s while it still refuses, a probe measures it: for a
 * moment the limit is a quarter of its value, below its minimum if need be, so the
 * service's queue drains, and the average time of the next {@value #PROBE_SAMPLES}
 * requests admitted in the probe is the new no-load time. A probe that moved it by more
 * than a quarter (it began with a long queue) is followed by another a second later. So
 * an overloaded service keeps only the queue the tolerance allows, and a service that
 * became slower for good has its new time learnt within the interval (its limit meanwhile
 * falls towards its minimum). When the short-term time falls below half the no-load time
 * (a slow start-up is over) the no-load time follows it down at once.
 * <p>
 * An overload that ended leaves no such demand behind: a route at a fraction of its
 * capacity rarely has half its limit in flight, so a limit an overload cut would stay
 * cut, and the short bursts any steady load has (a pause of the gateway, a few clients at
 * once) would be refused by a service with nothing queued. So a limit below its initial
 * value grows back to it, at the pace it grows under load, from every request that shows
 * no queue (short-term time within the tolerance) while nothing has been refused for a
 * second, however few are in flight. The initial limit is what the route is trusted with
 * before any sample; above it, growth still needs the demand.
 */
public final class GradientConcurrencyLimit implements ConcurrencyLimit {

	/**
	 * Weight of a sample in the no-load time while nothing is refused (an EMA of ~100).
	 */
	private static final double NO_LOAD_WEIGHT = 2.0 / (100 + 1);

	/** Weight of a sample in the short-term average (an EMA of ~10 samples). */
	private static final double SHORT_WEIGHT = 2.0 / (10 + 1);

	/** How much slower than the no-load time a request may be before it counts. */
	private static final double TOLERANCE = 1.5;

	/** Share of a new estimate in the limit. */
	private static final double SMOOTHING = 0.2;

	/** How long a refusing limit goes without a new no-load time before it probes. */
	static final int PROBE_INTERVAL_SECONDS = 5;

	private static final long PROBE_INTERVAL_NANOS = PROBE_INTERVAL_SECONDS * 1_000_000_000L;

	/**
	 * A probe that moved the no-load time by more than this share is followed by the next
	 * one after {@link #UNSETTLED_PROBE_INTERVAL_NANOS}: a probe that began with a long
	 * queue at the service may not have drained it all.
	 */
	private static final double UNSETTLED_CHANGE = 0.25;

	private static final long UNSETTLED_PROBE_INTERVAL_NANOS = 1_000_000_000L;

	/** How many requests admitted in a probe measure the no-load time. */
	static final int PROBE_SAMPLES = 10;

	/** How long after a refusal the limit counts as reached, at least. */
	private static final long REFUSING_NANOS = 1_000_000_000L;

	/** A probe's longest time, unless 3 short-term times are longer. */
	private static final long PROBE_TIMEOUT_NANOS = 1_000_000_000L;

	private final int minLimit;

	private final int initialLimit;

	private final int maxLimit;

	private double limit;

	/**
	 * What {@link #limit()} answers: written under the lock after each sample, read
	 * without it once per request.
	 */
	private volatile int admitted;

	private double noLoadRtt;

	private double shortRtt;

	/** Since when the limit has been refusing, or -1 while it does not. */
	private long refusingSince = -1;

	/** When the limit probes next, if it is refusing then; set by the first sample. */
	private long probeDueAt;

	/** When a request was last refused. */
	private volatile long lastRefusedAt;

	/** When the current probe began, or -1 when none runs. */
	private long probeStartedAt = -1;

	private double probeTotal;

	private int probeSamples;

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
		this.initialLimit = initialLimit;
		this.maxLimit = maxLimit;
		this.limit = initialLimit;
		this.admitted = initialLimit;
	}

	@Override
	public int limit() {
		return this.admitted;
	}

	@Override
	public synchronized void onSample(long rttNanos, int inFlight, long nowNanos) {
		learn(rttNanos, inFlight, nowNanos);
		this.admitted = (this.probeStartedAt >= 0) ? Math.max(1, (int) (this.limit / 4)) : (int) this.limit;
	}

	private void learn(long rttNanos, int inFlight, long now) {
		double rtt = Math.max(1, rttNanos);
		if (this.noLoadRtt == 0) {
			this.noLoadRtt = rtt;
			this.shortRtt = rtt;
			this.probeDueAt = now;
		}
		else {
			this.shortRtt += SHORT_WEIGHT * (rtt - this.shortRtt);
		}
		if (this.probeStartedAt >= 0) {
			probe(now, rttNanos, rtt);
			return;
		}
		// refused while this request was in flight, or in the last second
		boolean refusing = this.lastRefusedAt != 0 && now - this.lastRefusedAt <= Math.max(rttNanos, REFUSING_NANOS);
		if (!refusing) {
			this.noLoadRtt += NO_LOAD_WEIGHT * (rtt - this.noLoadRtt);
			this.refusingSince = -1;
		}
		else if (this.refusingSince == -1) {
			this.refusingSince = now;
		}
		else if (this.shortRtt < this.noLoadRtt / 2) {
			this.noLoadRtt = this.shortRtt;
		}
		if (inFlight < this.limit / 2) {
			recover(refusing);
			return;
		}
		if (refusing && now - this.refusingSince >= REFUSING_NANOS && now - this.probeDueAt >= 0) {
			this.probeStartedAt = now;
			this.probeTotal = 0;
			this.probeSamples = 0;
			return;
		}
		this.limit = Math.max(this.minLimit, Math.min(this.maxLimit, next(gradient())));
	}

	/**
	 * How much of the limit the short-term time allows: 1 while it is within the
	 * tolerance of the no-load time, down to 0.5 beyond it.
	 */
	private double gradient() {
		return Math.max(0.5, Math.min(1.0, TOLERANCE * this.noLoadRtt / this.shortRtt));
	}

	/**
	 * The limit after one sample: the limit the gradient allows plus a queue allowance of
	 * {@code sqrt(limit)}, smoothed into the current one.
	 */
	private double next(double gradient) {
		double estimate = this.limit * gradient + Math.sqrt(this.limit);
		return this.limit * (1 - SMOOTHING) + estimate * SMOOTHING;
	}

	/**
	 * A sample of a request admitted with less than half the limit in flight: moves a
	 * limit below its initial value back towards it, as a sample at the limit with no
	 * queue would, while nothing is refused and the short-term time shows no queue.
	 */
	private void recover(boolean refusing) {
		if (refusing || this.limit >= this.initialLimit || gradient() < 1.0) {
			return;
		}
		this.limit = Math.min(this.initialLimit, next(1.0));
	}

	/**
	 * A sample while the limit is a quarter: only requests admitted since the probe began
	 * measure the no-load time, as the earlier ones queued.
	 */
	private void probe(long now, long rttNanos, double rtt) {
		if (now - rttNanos >= this.probeStartedAt) {
			this.probeTotal += rtt;
			this.probeSamples++;
		}
		if (this.probeSamples >= PROBE_SAMPLES
				|| now - this.probeStartedAt >= Math.max(PROBE_TIMEOUT_NANOS, 3 * this.shortRtt)) {
			long interval = PROBE_INTERVAL_NANOS;
			if (this.probeSamples > 0) {
				double measured = this.probeTotal / this.probeSamples;
				if (Math.abs(measured - this.noLoadRtt) > UNSETTLED_CHANGE * this.noLoadRtt) {
					interval = UNSETTLED_PROBE_INTERVAL_NANOS;
				}
				this.noLoadRtt = measured;
			}
			this.probeDueAt = now + interval;
			this.probeStartedAt = -1;
		}
	}

	@Override
	public void onRefused(long nowNanos) {
		this.lastRefusedAt = nowNanos;
	}

	/**
	 * Whether a probe of the no-load time runs, while which the limit is a quarter of its
	 * value.
	 * @return {@code true} while probing
	 */
	synchronized boolean probing() {
		return this.probeStartedAt >= 0;
	}

	@Override
	public String toString() {
		return "gradient " + limit() + " [" + this.minLimit + ", " + this.maxLimit + "]";
	}

}
