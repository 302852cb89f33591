/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * The passing instances of one service as Junction's Consul watch currently sees them. No
 * cache in front: the watch is the cache, and it moves when Consul moves, so the
 * LoadBalancer's default 35 s cache cannot keep a dead instance in the list.
 */
class ConsulServiceInstanceListSupplier implements ServiceInstanceListSupplier {

	private final String serviceId;

	private final ConsulHealthWatcher watcher;

	ConsulServiceInstanceListSupplier(String serviceId, ConsulHealthWatcher watcher) {
		this.serviceId = serviceId;
		this.watcher = watcher;
	}

	@Override
	public String getServiceId() {
		return this.serviceId;
	}

	@Override
	public Flux<List<ServiceInstance>> get() {
		return this.watcher.instances(this.serviceId).flux();
	}

}
