/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import dev.junction.starter.consul.ConsulBlockingQueries;
import dev.junction.starter.consul.ConsulBlockingQuery;
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
 * Consul outage does not empty the consumers' lists.
 */
final class ServiceWatch {

	private static final TypeReference<List<HealthService>> HEALTH_SERVICES = new TypeReference<>() {
	};

	private final String serviceId;

	private final JsonMapper json;

	private final ConsulBlockingQuery query;

	private final BiConsumer<String, List<ServiceInstance>> onChange;

	private volatile List<ServiceInstance> instances = List.of();

	ServiceWatch(String serviceId, HealthQuery query, Duration wait, ConsulBlockingQueries queries, JsonMapper json,
			BiConsumer<String, List<ServiceInstance>> onChange) {
		this.serviceId = serviceId;
		this.json = json;
		this.onChange = onChange;
		this.query = queries.query(query.pathAndQuery(serviceId))
			.waitUpTo(wait)
			.describedAs("the instances of '" + serviceId + "'",
					() -> "keeping the last known " + this.instances.size() + " instance(s)")
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
		return this.query.hasSynced();
	}

	private void answered(ConsulBlockingQuery.Answer answer) {
		this.instances = toInstances(this.json.readValue(answer.body(), HEALTH_SERVICES));
		// an instance that left the list is forgotten by the outlier detection
		this.onChange.accept(this.serviceId, this.instances);
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
