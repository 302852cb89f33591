package dev.junction.starter.discovery;

import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Leaves out the instances the {@link ConnectFailureEjector} currently ejects. When every
 * instance is ejected it returns them all: trying one is better than failing for sure.
 */
class EjectingServiceInstanceListSupplier extends DelegatingServiceInstanceListSupplier {

	private final ConnectFailureEjector ejector;

	EjectingServiceInstanceListSupplier(ServiceInstanceListSupplier delegate, ConnectFailureEjector ejector) {
		super(delegate);
		this.ejector = ejector;
	}

	@Override
	public Flux<List<ServiceInstance>> get() {
		return getDelegate().get().map(this::withoutEjected);
	}

	@Override
	public Flux<List<ServiceInstance>> get(Request request) {
		return getDelegate().get(request).map(this::withoutEjected);
	}

	private List<ServiceInstance> withoutEjected(List<ServiceInstance> instances) {
		List<ServiceInstance> reachable = new ArrayList<>(instances.size());
		for (ServiceInstance instance : instances) {
			if (!this.ejector.isEjected(instance)) {
				reachable.add(instance);
			}
		}
		return reachable.isEmpty() ? instances : reachable;
	}

}
