/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shedding;

/**
 * How many requests may be in flight at once. A {@link ConcurrencyLimiter} asks for the
 * limit before it admits a request, so {@link #limit()} is read once per request and
 * should not take a lock. The limiter tells the limit how long each admitted request took
 * and when one was refused, with the time on its own clock, so that an adaptive limit can
 * follow the service's latency.
 */
public interface ConcurrencyLimit {

	/**
	 * The current limit.
	 * @return the most requests that may be in flight at once
	 */
	int limit();

	/**
	 * One admitted request finished.
	 * @param rttNanos how long it took, from admission to the end of its response
	 * @param inFlight how many requests were in flight when it was admitted (itself
	 * included)
	 * @param nowNanos when it finished, on the limiter's monotonic clock (the reading its
	 * time was taken from, so the limit needs no clock of its own)
	 */
	void onSample(long rttNanos, int inFlight, long nowNanos);

	/**
	 * A request was refused because the limit was reached. Called on the request's
	 * thread, without a lock: keep it to a field write.
	 * @param nowNanos when, on the limiter's monotonic clock
	 */
	default void onRefused(long nowNanos) {
	}

}
