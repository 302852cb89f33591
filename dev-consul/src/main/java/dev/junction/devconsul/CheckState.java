/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

/**
 * A check with its live status. Immutable; a change replaces it.
 *
 * @param definition what was registered
 * @param status the current status
 * @param output the output of the last run or TTL update
 * @param createIndex the index at which it first appeared
 * @param modifyIndex the index at which it last changed
 * @param criticalSinceNanos {@link System#nanoTime()} when it became critical, or 0
 * @param syncedNanos {@link System#nanoTime()} of its last indexed change
 */
record CheckState(CheckDefinition definition, HealthStatus status, String output, long createIndex, long modifyIndex,
		long criticalSinceNanos, long syncedNanos) {

	static CheckState initial(CheckDefinition definition, long index, long nowNanos) {
		HealthStatus status = (definition.initialStatus() != null) ? definition.initialStatus() : HealthStatus.CRITICAL;
		return new CheckState(definition, status, "", index, index, (status == HealthStatus.CRITICAL) ? nowNanos : 0,
				nowNanos);
	}

	String id() {
		return this.definition.id();
	}

	String serviceId() {
		return this.definition.serviceId();
	}

	CheckState withResult(HealthStatus newStatus, String newOutput, long index, long nowNanos) {
		long criticalSince = this.criticalSinceNanos;
		if (newStatus != HealthStatus.CRITICAL) {
			criticalSince = 0;
		}
		else if (this.status != HealthStatus.CRITICAL) {
			criticalSince = nowNanos;
		}
		return new CheckState(this.definition, newStatus, newOutput, this.createIndex, index, criticalSince, nowNanos);
	}

	/**
	 * The same check with new output and no new index (an output-only change, deferred).
	 */
	CheckState withOutput(String newOutput) {
		return new CheckState(this.definition, this.status, newOutput, this.createIndex, this.modifyIndex,
				this.criticalSinceNanos, this.syncedNanos);
	}

	CheckState withDefinition(CheckDefinition newDefinition, long index) {
		return new CheckState(newDefinition, this.status, this.output, this.createIndex, index, this.criticalSinceNanos,
				this.syncedNanos);
	}

}
