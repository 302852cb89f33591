/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A check as registered: what to run and how to judge it. Its live status lives in
 * {@link CheckEntry}.
 *
 * @param id the check ID
 * @param name the check name
 * @param serviceId the ID of the service the check belongs to, or {@code null} for a node
 * check
 * @param notes free text
 * @param initialStatus the status given at registration, or {@code null} (critical)
 * @param type what kind of check
 * @param target the URL of an HTTP check or the {@code host:port} of a TCP check
 * @param method the HTTP method
 * @param headers the HTTP headers
 * @param body the HTTP request body, or {@code null}
 * @param tlsSkipVerify whether HTTPS certificates go unchecked
 * @param interval how often the check runs ({@code null} for TTL checks)
 * @param timeout how long one run may take
 * @param ttl the TTL of a TTL check
 * @param deregisterAfter how long the check may stay critical before the reaper removes
 * its service, or {@code null}
 * @param thresholds how many consecutive results change the status
 */
record CheckDefinition(String id, String name, String serviceId, String notes, HealthStatus initialStatus,
		CheckType type, String target, String method, Map<String, List<String>> headers, String body,
		boolean tlsSkipVerify, Duration interval, Duration timeout, Duration ttl, Duration deregisterAfter,
		Thresholds thresholds) {

	/** Consul's minimum interval for checks that run on an interval. */
	static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

	/** Consul's default timeout for HTTP and TCP checks. */
	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

	/** The ID prefix of the check that puts a service into maintenance. */
	static final String MAINTENANCE_PREFIX = "_service_maintenance:";

	static CheckDefinition maintenance(String serviceId, String reason) {
		String notes = (reason == null || reason.isEmpty())
				? "Maintenance mode is enabled for this service, but no reason was provided. This is a default message."
				: reason;
		return new CheckDefinition(MAINTENANCE_PREFIX + serviceId, "Service Maintenance Mode", serviceId, notes,
				HealthStatus.CRITICAL, CheckType.MAINTENANCE, null, null, Map.of(), null, false, null, null, null, null,
				Thresholds.NONE);
	}

	CheckDefinition withServiceId(String serviceId) {
		return new CheckDefinition(this.id, this.name, serviceId, this.notes, this.initialStatus, this.type,
				this.target, this.method, this.headers, this.body, this.tlsSkipVerify, this.interval, this.timeout,
				this.ttl, this.deregisterAfter, this.thresholds);
	}

	/** What kind of check, named as in Consul's {@code Type} field. */
	enum CheckType {

		HTTP("http"), TCP("tcp"), TTL("ttl"), MAINTENANCE("maintenance");

		private final String json;

		CheckType(String json) {
			this.json = json;
		}

		String json() {
			return this.json;
		}

	}

	/**
	 * Consul's {@code SuccessBeforePassing}, {@code FailuresBeforeWarning} and
	 * {@code FailuresBeforeCritical}: consecutive results needed before the status
	 * changes.
	 *
	 * @param successBeforePassing successes before passing
	 * @param failuresBeforeWarning failures before warning
	 * @param failuresBeforeCritical failures before critical
	 */
	record Thresholds(int successBeforePassing, int failuresBeforeWarning, int failuresBeforeCritical) {

		static final Thresholds NONE = new Thresholds(0, 0, 0);

	}

}
