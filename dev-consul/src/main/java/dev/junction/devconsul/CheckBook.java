/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps checks and their runners together: adding a check starts its runner, removing it
 * stops it, and a result counts only if it comes from the check's current runner. Every
 * method runs under the {@link CatalogState} monitor, held by {@link Registry}.
 */
final class CheckBook {

	private static final Logger logger = LoggerFactory.getLogger(Registry.class);

	/** Consul's default {@code check_update_interval}. */
	static final Duration OUTPUT_SYNC_INTERVAL = Duration.ofMinutes(5);

	private final CatalogState state;

	private final CheckRunners runners;

	private final Map<String, RunningCheck> running = new HashMap<>();

	CheckBook(CatalogState state, CheckRunners runners) {
		this.state = state;
		this.runners = runners;
	}

	/**
	 * Add a check, or update its definition keeping its status and output (Consul's
	 * upsert), and (re)start its runner.
	 */
	void put(CheckDefinition definition, long index, RunningCheck.Sink sink) {
		CheckState previous = this.state.check(definition.id());
		if (previous == null) {
			this.state.putCheck(CheckState.initial(definition, index, System.nanoTime()));
		}
		else if (!previous.definition().equals(definition)) {
			this.state.putCheck(previous.withDefinition(definition, index));
		}
		stop(definition.id());
		this.running.put(definition.id(), this.runners.start(definition, sink));
	}

	void remove(CheckState check, long index) {
		stop(check.id());
		this.state.removeCheck(check, index);
	}

	void removeAllOf(String serviceId, long index) {
		for (CheckState check : List.copyOf(this.state.serviceChecks(serviceId))) {
			remove(check, index);
		}
	}

	/**
	 * Record a result. A status change moves the indexes and wakes blocking queries at
	 * once. An output-only change is recorded but, as in Consul (its
	 * {@code check_update_interval}), moves the indexes at most every
	 * {@link #OUTPUT_SYNC_INTERVAL}: otherwise a check whose output varies (a health
	 * endpoint reporting free disk space) would wake every watcher on every run.
	 */
	void apply(CheckState check, HealthStatus status, String output, long index) {
		if (check.status() == status && check.output().equals(output)) {
			return;
		}
		long now = System.nanoTime();
		if (check.status() == status && now - check.syncedNanos() < OUTPUT_SYNC_INTERVAL.toNanos()) {
			this.state.replaceCheckQuietly(check.withOutput(output));
			return;
		}
		this.state.putCheck(check.withResult(status, output, index, now));
		if (check.status() != status) {
			logger.info("Check '{}' is now {}{}", check.id(), status.json(), output.isEmpty() ? "" : ": " + output);
		}
	}

	/** Whether a result from this runner still counts. */
	boolean isCurrent(String checkId, RunningCheck source) {
		return this.running.get(checkId) == source && source.resultStillValid();
	}

	/** A TTL update arrived for the check. */
	void touch(String checkId, String output) {
		RunningCheck runner = this.running.get(checkId);
		if (runner != null) {
			runner.touch(output);
		}
	}

	void stopAll() {
		this.running.values().forEach(RunningCheck::stop);
		this.running.clear();
	}

	private void stop(String checkId) {
		RunningCheck runner = this.running.remove(checkId);
		if (runner != null) {
			runner.stop();
		}
	}

}
