/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.time.Duration;
import java.util.Map;

/**
 * How long a Junction app takes to stop after SIGTERM, from the environment a deployment
 * gives it: the starter's drain delay (serving after leaving Consul), then Boot's
 * graceful shutdown, bounded by its per-phase timeout.
 */
final class StarterShutdown {

	static final String DRAIN_DELAY = "JUNCTION_SHUTDOWN_DRAIN_DELAY";

	static final String PHASE_TIMEOUT = "SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE";

	/** The starter's default junction.shutdown.drain-delay. */
	private static final Duration DEFAULT_DRAIN_DELAY = Duration.ofSeconds(3);

	/** Boot's default spring.lifecycle.timeout-per-shutdown-phase. */
	private static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);

	private StarterShutdown() {
	}

	/**
	 * The longest an app configured with these variables takes to stop once signalled.
	 * @param environment the app's environment variables
	 * @return drain delay plus graceful shutdown timeout
	 */
	static Duration longest(Map<String, String> environment) {
		Duration drain = duration(environment.get(DRAIN_DELAY), DEFAULT_DRAIN_DELAY);
		Duration graceful = duration(environment.get(PHASE_TIMEOUT), DEFAULT_PHASE_TIMEOUT);
		return drain.plus(graceful);
	}

	private static Duration duration(String value, Duration fallback) {
		return (value != null) ? Durations.parse(value) : fallback;
	}

}
