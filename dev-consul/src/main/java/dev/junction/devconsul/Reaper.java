/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which services the critical-service reaper removes: those with a check critical for
 * longer than its {@code DeregisterCriticalServiceAfter}, counted from when the check
 * went critical, with values under the minimum raised to it (Consul: one minute).
 */
final class Reaper {

	private Reaper() {
	}

	/**
	 * The services due for reaping.
	 * @param state the catalog (caller holds its monitor)
	 * @param minimum the floor for {@code DeregisterCriticalServiceAfter}
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @return service IDs with the reason, in check order
	 */
	static Map<String, String> due(CatalogState state, Duration minimum, long nowNanos) {
		Map<String, String> due = new LinkedHashMap<>();
		for (CheckState check : state.agentChecks()) {
			Duration after = check.definition().deregisterAfter();
			if (after == null || check.serviceId() == null || check.status() != HealthStatus.CRITICAL) {
				continue;
			}
			Duration timeout = (after.compareTo(minimum) < 0) ? minimum : after;
			if (nowNanos - check.criticalSinceNanos() >= timeout.toNanos()) {
				due.putIfAbsent(check.serviceId(),
						"'" + check.id() + "' critical for more than " + GoDuration.format(timeout));
			}
		}
		return due;
	}

}
