/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

import dev.junction.starter.consul.ConsulBlockingQueries;
import dev.junction.starter.consul.ConsulBlockingQuery;
import dev.junction.starter.consul.SnapshotStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.consul.discovery.ConsulServiceInstance;
import org.springframework.cloud.consul.model.http.health.HealthService;

/**
 * One service's passing instances, kept current by a {@link ConsulBlockingQuery} on
 * {@code /v1/health/service/<name>?passing}. The health endpoint is watched rather than
 * the catalog because the catalog's index does not move when a check changes state.
 * <p>
 * When Consul cannot be reached the last known list is kept while the query retries, so a
 * Consul outage does not empty the consumers' lists. Right after the agent reset
 * (restarted without its state, say) an empty answer does not replace a non-empty list
 * until the grace period ends, so the instances have time to register again. The last
 * list is written to the {@link SnapshotStore}, and read from it when Consul cannot be
 * reached at start.
 */
final class ServiceWatch {

	private static final Log logger = LogFactory.getLog(ServiceWatch.class);

	private static final TypeReference<List<HealthService>> HEALTH_SERVICES = new TypeReference<>() {
	};

	private final String serviceId;

	private final JsonMapper json;

	private final ConsulBlockingQuery query;

	private final @Nullable SnapshotStore snapshots;

	private final BiConsumer<String, List<ServiceInstance>> onChange;

	private volatile List<ServiceInstance> instances = List.of();

	private volatile byte[] body = new byte[0];

	private volatile boolean fromSnapshot;

	ServiceWatch(String serviceId, HealthQuery query, Duration wait, ConsulBlockingQueries queries, JsonMapper json,
			BiConsumer<String, List<ServiceInstance>> onChange) {
		this(serviceId, query, wait, Duration.ZERO, queries, null, json, onChange);
	}

	ServiceWatch(String serviceId, HealthQuery query, Duration wait, Duration resetGrace, ConsulBlockingQueries queries,
			@Nullable SnapshotStore snapshots, JsonMapper json, BiConsumer<String, List<ServiceInstance>> onChange) {
		this.serviceId = serviceId;
		this.json = json;
		this.snapshots = snapshots;
		this.onChange = onChange;
		this.query = queries.query(query.pathAndQuery(serviceId))
			.waitUpTo(wait)
			.describedAs("the instances of '" + serviceId + "'",
					() -> "keeping the last known " + this.instances.size() + " instance(s)")
			.holdEmptyAfterReset(resetGrace, (answer) -> read(answer.body()).isEmpty(), () -> !this.instances.isEmpty())
			.whenUnreachableAtStart(this::restoreSnapshot)
			.build(this::answered);
	}

	void start() {
		this.query.start();
	}

	void stop() {
		this.query.stop();
	}

	/**
	 * The current list, once Consul answered for the first time (or failed to, or the
	 * wait ran out).
	 * @param initialWait how long to wait for the first answer
	 * @return the passing instances
	 */
	Mono<List<ServiceInstance>> instances(Duration initialWait) {
		if (this.query.firstAttempt().isDone()) {
			return Mono.fromSupplier(() -> this.instances);
		}
		return Mono.fromFuture(this.query.firstAttempt(), true)
			.timeout(initialWait, Mono.empty())
			.then(Mono.fromSupplier(() -> this.instances));
	}

	List<ServiceInstance> currentInstances() {
		return this.instances;
	}

	/**
	 * Whether Consul has answered successfully at least once (an answer that failed or a
	 * first wait that ran out do not count).
	 */
	boolean synced() {
		return this.query.hasSynced() || this.fromSnapshot;
	}

	private void answered(ConsulBlockingQuery.Answer answer) {
		this.instances = read(answer.body());
		this.fromSnapshot = false;
		// an instance that left the list is forgotten by the outlier detection
		this.onChange.accept(this.serviceId, this.instances);
		if (this.snapshots != null && !Arrays.equals(this.body, answer.body())) {
			this.body = answer.body();
			this.snapshots.changed(snapshotName(), () -> this.body);
		}
	}

	private List<ServiceInstance> read(byte[] body) {
		return toInstances(this.json.readValue(body, HEALTH_SERVICES));
	}

	private void restoreSnapshot() {
		if (this.snapshots == null) {
			return;
		}
		Optional<SnapshotStore.Snapshot> snapshot = this.snapshots.read(snapshotName());
		if (snapshot.isEmpty()) {
			return;
		}
		List<ServiceInstance> restored;
		try {
			restored = read(snapshot.get().content());
		}
		catch (RuntimeException ex) {
			this.snapshots.corrupt(snapshotName(), ex);
			return;
		}
		this.instances = restored;
		this.body = snapshot.get().content();
		this.fromSnapshot = true;
		logger.info("Routing '" + this.serviceId + "' from the snapshot written at " + snapshot.get().writtenAt() + " ("
				+ restored.size() + " instance(s)), Consul unreachable");
	}

	private String snapshotName() {
		return "instances-" + this.serviceId;
	}

	private List<ServiceInstance> toInstances(@Nullable List<HealthService> services) {
		if (services == null) {
			return List.of();
		}
		List<ServiceInstance> result = new ArrayList<>(services.size());
		for (HealthService service : services) {
			if (service.getService() != null) {
				result.add(new ConsulServiceInstance(service, this.serviceId));
			}
		}
		return List.copyOf(result);
	}

}
