/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.faults;

/**
 * The paths faults are never injected into: the health probes and the actuator, which the
 * platform needs to keep seeing the instance as it is.
 */
final class FaultExclusions {

	private FaultExclusions() {
	}

	static boolean isExcluded(String path) {
		return path.equals("/livez") || path.equals("/readyz") || path.equals("/actuator")
				|| path.startsWith("/actuator/");
	}

}
