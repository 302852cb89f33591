/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.devconsul.CheckDefinition.CheckType;

/**
 * Every write to services and checks: registration (an upsert that keeps check state),
 * deregistration, maintenance mode, check updates and the critical-service reaper. Each
 * write happens under the {@link CatalogState} monitor, takes one raft index, and then
 * wakes the blocking queries on the topics it touched.
 */
final class Registry implements RunningCheck.Sink {

	private static final Logger logger = LoggerFactory.getLogger(Registry.class);

	private final CatalogState state;

	private final CheckBook checks;

	private final BlockingQueries waiters;

	private volatile Runnable checksChanged = () -> {
	};

	Registry(CatalogState state, CheckRunners runners, BlockingQueries waiters) {
		this.state = state;
		this.checks = new CheckBook(state, runners);
		this.waiters = waiters;
	}

	/** Read consistently: the function runs under the state's monitor. */
	<T> T read(Function<CatalogState, T> reader) {
		synchronized (this.state) {
			return reader.apply(this.state);
		}
	}

	void register(ServiceDefinition service, List<CheckDefinition> checks, boolean replaceExistingChecks) {
		write((index) -> {
			ServiceEntry previous = this.state.service(service.id());
			if (previous == null || !previous.definition().equals(service)) {
				long created = (previous != null) ? previous.createIndex() : index;
				this.state.putService(new ServiceEntry(service, created, index),
						(previous != null) ? previous.name() : null);
			}
			logger.info("{} service '{}' (ID '{}', {}, tags {})", (previous != null) ? "Re-registered" : "Registered",
					service.name(), service.id(),
					service.address().isEmpty() ? "port " + service.port() : service.address() + ":" + service.port(),
					service.tags());
			Set<String> kept = new HashSet<>();
			for (CheckDefinition check : checks) {
				kept.add(check.id());
				this.checks.put(check, index, this);
			}
			if (replaceExistingChecks) {
				for (CheckState check : this.state.serviceChecks(service.id())) {
					if (!kept.contains(check.id()) && check.definition().type() != CheckType.MAINTENANCE) {
						this.checks.remove(check, index);
					}
				}
			}
		});
	}

	void deregister(String serviceId) {
		write((index) -> {
			ServiceEntry entry = this.state.service(serviceId);
			if (entry == null) {
				throw ApiException.unknownService(serviceId);
			}
			removeService(entry, index);
			logger.info("Deregistered service '{}' (ID '{}')", entry.name(), serviceId);
		});
	}

	void maintenance(String serviceId, boolean enable, String reason) {
		write((index) -> {
			if (this.state.service(serviceId) == null) {
				throw ApiException.unknownService(serviceId);
			}
			CheckState existing = this.state.check(CheckDefinition.MAINTENANCE_PREFIX + serviceId);
			if (enable && existing == null) {
				this.checks.put(CheckDefinition.maintenance(serviceId, reason), index, this);
				logger.info("Service ID '{}' entered maintenance mode ({})", serviceId,
						this.state.check(CheckDefinition.MAINTENANCE_PREFIX + serviceId).definition().notes());
			}
			else if (!enable && existing != null) {
				this.checks.remove(existing, index);
				logger.info("Service ID '{}' left maintenance mode", serviceId);
			}
		});
	}

	void registerCheck(CheckDefinition check) {
		write((index) -> {
			if (check.serviceId() != null && this.state.service(check.serviceId()) == null) {
				throw ApiException
					.serverError("ServiceID " + ApiException.quote(check.serviceId()) + " does not exist");
			}
			this.checks.put(check, index, this);
			logger.info("Registered check '{}'", check.id());
		});
	}

	void deregisterCheck(String checkId) {
		write((index) -> {
			CheckState check = this.state.check(checkId);
			if (check == null) {
				throw ApiException.unknownCheck(checkId);
			}
			this.checks.remove(check, index);
			logger.info("Deregistered check '{}'", checkId);
		});
	}

	/** A TTL check update from {@code agent/check/pass|warn|fail|update}. */
	void updateTtl(String checkId, HealthStatus status, String output) {
		write((index) -> {
			CheckState check = this.state.check(checkId);
			if (check == null) {
				throw ApiException.unknownCheck(checkId);
			}
			if (check.definition().type() != CheckType.TTL) {
				throw ApiException
					.serverError("CheckID " + ApiException.quote(checkId) + " does not have associated TTL");
			}
			this.checks.touch(checkId, output);
			this.checks.apply(check, status, output, index);
		});
	}

	@Override
	public void result(String checkId, RunningCheck source, HealthStatus status, String output) {
		write((index) -> {
			CheckState check = this.state.check(checkId);
			if (check != null && this.checks.isCurrent(checkId, source)) {
				this.checks.apply(check, status, output, index);
			}
		});
	}

	/**
	 * Deregister every service with a check critical for longer than its
	 * {@code DeregisterCriticalServiceAfter}, raised to the given minimum.
	 */
	void reap(Duration minimum) {
		write((index) -> Reaper.due(this.state, minimum, System.nanoTime()).forEach((serviceId, reason) -> {
			ServiceEntry entry = this.state.service(serviceId);
			removeService(entry, index);
			logger.info("Reaped service '{}' (ID '{}'): check {}", entry.name(), serviceId, reason);
		}));
	}

	/** Stop every check runner; the agent is closing. */
	void stopChecks() {
		synchronized (this.state) {
			this.checks.stopAll();
		}
	}

	private void removeService(ServiceEntry entry, long index) {
		this.checks.removeAllOf(entry.id(), index);
		this.state.removeService(entry, index);
	}

	private void write(IndexedWrite change) {
		Set<String> topics;
		synchronized (this.state) {
			try {
				change.apply(this.state.nextIndex());
			}
			finally {
				topics = this.state.drainChangedTopics();
			}
		}
		this.waiters.publish(topics, List.of());
		if (topics.contains(Topics.CHECKS)) {
			this.checksChanged.run();
		}
	}

	/**
	 * What to do after a write that changed a check (sessions watch their checks); runs
	 * on the writing thread, outside the state's monitor.
	 */
	void onChecksChanged(Runnable action) {
		this.checksChanged = action;
	}

	/**
	 * A session's view of the checks: their status, or {@code null} when unknown. As in
	 * Consul (its {@code validateSessionChecksTxn}), node and service check IDs are both
	 * looked up among every check of the node.
	 */
	SessionStore.CheckView checkView() {
		return (checkId) -> checkId.equals(CatalogState.SERF_CHECK_ID) ? HealthStatus.PASSING : read((state) -> {
			CheckState check = state.check(checkId);
			return (check != null) ? check.status() : null;
		});
	}

	@FunctionalInterface
	private interface IndexedWrite {

		void apply(long index);

	}

}
