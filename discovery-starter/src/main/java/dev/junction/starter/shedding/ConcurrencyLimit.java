/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shedding;

/**
 * How many requests may be in flight at once. A {@link ConcurrencyLimiter} asks for the
 * limit before it admits a request and tells the limit how long each admitted request
 * took, so that an adaptive limit can follow the service's latency.
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
	 */
	void onSample(long rttNanos, int inFlight);

	/**
	 * A request was refused because the limit was reached. Called on the request's
	 * thread, without a lock: keep it to a field write.
	 */
	default void onRefused() {
	}

}
