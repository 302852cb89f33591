/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shedding;

/**
 * A limit that never moves: predictable, and right when the capacity of what sits behind
 * it is known (a pool of a fixed size).
 */
public final class FixedConcurrencyLimit implements ConcurrencyLimit {

	private final int limit;

	/**
	 * Creates the limit.
	 * @param limit the most requests in flight at once, at least 1
	 */
	public FixedConcurrencyLimit(int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("A fixed limit must be at least 1, was " + limit);
		}
		this.limit = limit;
	}

	@Override
	public int limit() {
		return this.limit;
	}

	@Override
	public void onSample(long rttNanos, int inFlight, long nowNanos) {
	}

	@Override
	public String toString() {
		return "fixed " + this.limit;
	}

}
