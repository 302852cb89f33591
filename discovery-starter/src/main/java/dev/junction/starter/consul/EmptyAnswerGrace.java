/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.consul;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The rule that keeps an agent restarted without its state from emptying what a watch
 * holds: after a reset (the index went backwards, or the first answer after Consul could
 * not be reached), an empty answer does not replace a non-empty state until the grace
 * period has passed. A non-empty answer applies at once and ends the grace period; an
 * empty one is accepted once the period is over (the next answer after it confirms it).
 * Instances re-register and operators re-populate KV within seconds, while a list emptied
 * for those seconds would answer 503 for every call.
 * <p>
 * Internal to Junction: public so that the gateway starter can use it, not an API for
 * applications; it may change in any release.
 */
public final class EmptyAnswerGrace {

	private final Duration grace;

	private final Clock clock;

	private volatile @Nullable Instant resetAt;

	/**
	 * A rule with the given grace period.
	 * @param grace how long empty answers are held back after a reset; zero holds none
	 * @param clock the clock
	 */
	public EmptyAnswerGrace(Duration grace, Clock clock) {
		this.grace = grace;
		this.clock = clock;
	}

	/**
	 * Starts the grace period: the agent may have lost its state.
	 */
	public void reset() {
		this.resetAt = this.clock.instant();
	}

	/**
	 * Whether an answer is held back.
	 * @param empty whether the answer is empty (no instances, no keys)
	 * @param holdingSomething whether what the watch holds now is not empty
	 * @return {@code true} when the answer must not replace what is held
	 */
	public boolean holds(boolean empty, boolean holdingSomething) {
		Instant reset = this.resetAt;
		if (reset == null) {
			return false;
		}
		if (!empty) {
			this.resetAt = null;
			return false;
		}
		if (holdingSomething && this.clock.instant().isBefore(reset.plus(this.grace))) {
			return true;
		}
		this.resetAt = null;
		return false;
	}

	/**
	 * When the current grace period ends.
	 * @return the end, {@code null} outside a grace period
	 */
	public @Nullable Instant endsAt() {
		Instant reset = this.resetAt;
		return (reset != null) ? reset.plus(this.grace) : null;
	}

}
