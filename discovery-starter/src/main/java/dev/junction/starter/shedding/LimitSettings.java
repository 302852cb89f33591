/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shedding;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The settings of one concurrency limit, as the app's and the gateway's properties give
 * them, checked once at start-up so that a wrong value stops the start with a message
 * naming the key to fix.
 *
 * @param kind adaptive or fixed
 * @param fixedLimit the limit when fixed
 * @param initialLimit the adaptive limit's start
 * @param minLimit the adaptive limit's floor
 * @param maxLimit the adaptive limit's ceiling
 * @param retryAfter what the {@code Retry-After} of a refusal says
 */
public record LimitSettings(Kind kind, int fixedLimit, int initialLimit, int minLimit, int maxLimit,
		Duration retryAfter) {

	/**
	 * Checks the settings.
	 * @param prefix the properties' prefix, for the message
	 * @return these settings
	 * @throws IllegalStateException naming the wrong keys
	 */
	public LimitSettings validate(String prefix) {
		if (this.kind == Kind.FIXED && this.fixedLimit < 1) {
			throw new IllegalStateException(
					prefix + ".fixed-limit must be at least 1 (was " + this.fixedLimit + "). Fix " + prefix + ".");
		}
		if (this.kind == Kind.ADAPTIVE
				&& (this.minLimit < 1 || this.minLimit > this.initialLimit || this.initialLimit > this.maxLimit)) {
			throw new IllegalStateException(prefix + ": the adaptive limit needs 1 <= min-limit <= initial-limit <= "
					+ "max-limit (were " + this.minLimit + ", " + this.initialLimit + ", " + this.maxLimit + "). Fix "
					+ prefix + ".");
		}
		if (this.retryAfter == null || this.retryAfter.isNegative() || this.retryAfter.isZero()) {
			throw new IllegalStateException(
					prefix + ".retry-after must be positive (was " + this.retryAfter + "). Fix " + prefix + ".");
		}
		return this;
	}

	/**
	 * A new limiter with these settings.
	 * @param nanoClock a monotonic clock in nanoseconds
	 * @return the limiter
	 */
	public ConcurrencyLimiter newLimiter(LongSupplier nanoClock) {
		ConcurrencyLimit limit = (this.kind == Kind.FIXED) ? new FixedConcurrencyLimit(this.fixedLimit)
				: new GradientConcurrencyLimit(this.initialLimit, this.minLimit, this.maxLimit);
		return new ConcurrencyLimiter(limit, nanoClock);
	}

	/**
	 * The {@code Retry-After} header's value.
	 * @return whole seconds, rounded up, at least 1
	 */
	public String retryAfterSeconds() {
		return Long.toString(Math.max(1, (this.retryAfter.toMillis() + 999) / 1000));
	}

	/** Which limit. */
	public enum Kind {

		/** A gradient limit that follows the latency between min-limit and max-limit. */
		ADAPTIVE,

		/** The fixed-limit, never moved. */
		FIXED

	}

}
