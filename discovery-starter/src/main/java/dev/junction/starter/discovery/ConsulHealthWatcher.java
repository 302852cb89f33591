/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import dev.junction.starter.consul.ConsulBlockingQueries;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.consul.ConsulAutoConfiguration;
import org.springframework.cloud.consul.ConsulProperties;
import org.springframework.cloud.consul.discovery.ConsulDiscoveryProperties;

/**
 * Keeps one {@link ServiceWatch} per service this application calls, started on the first
 * call and stopped with the application context. All watches are queries of the
 * application's one {@link ConsulBlockingQueries} (one HTTP client for every held query).
 */
public class ConsulHealthWatcher implements DisposableBean {

	private final ConcurrentMap<String, ServiceWatch> watches = new ConcurrentHashMap<>();

	private final HealthQuery query;

	private final Duration wait;

	private final Duration initialWait;

	private final ConsulBlockingQueries queries;

	private final boolean ownQueries;

	private final JsonMapper json;

	private final List<BiConsumer<String, List<ServiceInstance>>> listeners = new CopyOnWriteArrayList<>();

	private volatile boolean stopped;

	/**
	 * A watcher with blocking queries of its own, closed with it.
	 * @param consul where the agent is
	 * @param discovery spring-cloud-consul's discovery settings (tags, datacenters,
	 * token)
	 * @param properties Junction's discovery settings
	 */
	public ConsulHealthWatcher(ConsulProperties consul, ConsulDiscoveryProperties discovery,
			DiscoveryProperties properties) {
		this(new ConsulBlockingQueries(ConsulAutoConfiguration.createConsulClientBaseUrl(consul),
				discovery.getAclToken()), true, discovery, properties);
	}

	/**
	 * A watcher whose watches are queries of the application's shared
	 * {@link ConsulBlockingQueries}.
	 * @param queries the shared queries (their address and token are used)
	 * @param discovery spring-cloud-consul's discovery settings (tags, datacenters)
	 * @param properties Junction's discovery settings
	 */
	public ConsulHealthWatcher(ConsulBlockingQueries queries, ConsulDiscoveryProperties discovery,
			DiscoveryProperties properties) {
		this(queries, false, discovery, properties);
	}

	private ConsulHealthWatcher(ConsulBlockingQueries queries, boolean ownQueries, ConsulDiscoveryProperties discovery,
			DiscoveryProperties properties) {
		this.query = new HealthQuery(discovery);
		this.wait = properties.getWatchWait();
		this.initialWait = properties.getInitialWait();
		this.queries = queries;
		this.ownQueries = ownQueries;
		this.json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
	}

	/**
	 * The passing instances of a service, starting its watch on first use.
	 * @param serviceId the Consul service name
	 * @return the current list (waiting briefly for Consul's first answer)
	 */
	public Mono<List<ServiceInstance>> instances(String serviceId) {
		return watch(serviceId).instances(this.initialWait);
	}

	/**
	 * Whether the watch of a service has had a successful answer from Consul yet,
	 * starting the watch on first use. An edge reports not-ready until this holds for the
	 * services it routes to, so no request fails only because the lists are still empty.
	 * @param serviceId the Consul service name
	 * @return {@code true} once Consul answered the watch successfully
	 */
	public boolean hasSynced(String serviceId) {
		return watch(serviceId).synced();
	}

	/**
	 * Adds a listener told every new passing list of every watched service.
	 * @param listener called with the service name and its passing instances
	 */
	public void onPassingChange(BiConsumer<String, List<ServiceInstance>> listener) {
		this.listeners.add(listener);
	}

	private void passingChanged(String serviceId, List<ServiceInstance> instances) {
		this.listeners.forEach((listener) -> listener.accept(serviceId, instances));
	}

	private ServiceWatch watch(String serviceId) {
		ServiceWatch watch = this.watches.get(serviceId);
		if (watch != null) {
			return watch;
		}
		return this.watches.computeIfAbsent(serviceId, (id) -> {
			ServiceWatch created = new ServiceWatch(id, this.query, this.wait, this.queries, this.json,
					this::passingChanged);
			if (this.stopped) {
				created.stop();
			}
			else {
				created.start();
			}
			return created;
		});
	}

	@Override
	public void destroy() {
		this.stopped = true;
		this.watches.values().forEach(ServiceWatch::stop);
		if (this.ownQueries) {
			this.queries.destroy();
		}
	}

}
