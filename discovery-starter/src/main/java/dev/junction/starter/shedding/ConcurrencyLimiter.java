/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shedding;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Admits a request while fewer than the {@link ConcurrencyLimit} are in flight, and
 * refuses it at once otherwise: nothing waits for a permit. Each admitted request holds a
 * {@link Permit} until its response is complete; the permit's time, read from the
 * limiter's clock, is the sample an adaptive limit learns from.
 */
public final class ConcurrencyLimiter {

	private final ConcurrencyLimit limit;

	private final LongSupplier nanoClock;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicLong rejected = new AtomicLong();

	/**
	 * Creates a limiter on the system's monotonic clock.
	 * @param limit the limit
	 */
	public ConcurrencyLimiter(ConcurrencyLimit limit) {
		this(limit, System::nanoTime);
	}

	/**
	 * Creates a limiter.
	 * @param limit the limit
	 * @param nanoClock a monotonic clock in nanoseconds
	 */
	public ConcurrencyLimiter(ConcurrencyLimit limit, LongSupplier nanoClock) {
		this.limit = limit;
		this.nanoClock = nanoClock;
	}

	/**
	 * Admits a request if the limit allows it.
	 * @return the permit to release exactly once when the response is complete, or
	 * {@code null} when the request is to be refused
	 */
	public @Nullable Permit tryAcquire() {
		int current;
		do {
			current = this.inFlight.get();
			if (current >= this.limit.limit()) {
				this.rejected.incrementAndGet();
				this.limit.onRefused(this.nanoClock.getAsLong());
				return null;
			}
		}
		while (!this.inFlight.compareAndSet(current, current + 1));
		return new Permit(this.nanoClock.getAsLong(), current + 1);
	}

	/**
	 * The current limit.
	 * @return the most requests admitted at once
	 */
	public int limit() {
		return this.limit.limit();
	}

	/**
	 * The requests in flight.
	 * @return how many permits are held
	 */
	public int inFlight() {
		return this.inFlight.get();
	}

	/**
	 * The requests refused so far.
	 * @return how many times {@link #tryAcquire()} refused
	 */
	public long rejected() {
		return this.rejected.get();
	}

	@Override
	public String toString() {
		return this.limit + ", " + inFlight() + " in flight";
	}

	/**
	 * One admitted request. Whichever of {@link #release()} and {@link #abandon()} comes
	 * first frees its place; later calls do nothing, so every path of a request
	 * (complete, error, cancel, an async timeout) may release it without counting twice.
	 */
	public final class Permit {

		private final long start;

		private final int inFlightAtStart;

		private final AtomicBoolean released = new AtomicBoolean();

		private Permit(long start, int inFlightAtStart) {
			this.start = start;
			this.inFlightAtStart = inFlightAtStart;
		}

		/**
		 * The request is done (answered or failed): frees its place and gives its time to
		 * the limit.
		 */
		public void release() {
			if (this.released.compareAndSet(false, true)) {
				ConcurrencyLimiter.this.inFlight.decrementAndGet();
				long now = ConcurrencyLimiter.this.nanoClock.getAsLong();
				ConcurrencyLimiter.this.limit.onSample(now - this.start, this.inFlightAtStart, now);
			}
		}

		/**
		 * The request was given up (the client went away), or its time says nothing about
		 * how busy the service is (it was retried after a failed try on another
		 * instance): frees its place without a sample.
		 */
		public void abandon() {
			if (this.released.compareAndSet(false, true)) {
				ConcurrencyLimiter.this.inFlight.decrementAndGet();
			}
		}

	}

}
