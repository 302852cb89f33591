/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

/**
 * A check that runs by itself (an HTTP or TCP probe on its interval, a TTL timer).
 */
interface RunningCheck {

	/** For checks nothing runs for (maintenance). */
	RunningCheck NONE = () -> {
	};

	/** Stop running; later results are dropped. */
	void stop();

	/** A TTL update arrived: restart the timer and remember the output. */
	default void touch(String output) {
	}

	/**
	 * Whether a result this check reported is still true when it is applied (a TTL expiry
	 * is not if an update arrived meanwhile).
	 */
	default boolean resultStillValid() {
		return true;
	}

	/** Receives check results. */
	@FunctionalInterface
	interface Sink {

		void result(String checkId, RunningCheck source, HealthStatus status, String output);

	}

}
