package dev.junction.starter.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Leaves out the instances the {@link ConnectFailureEjector} currently ejects and, for a
 * retry, those the call has already tried ({@link TriedInstances}). When that leaves
 * none, it leaves out only the ejected ones, and when every instance is ejected it
 * returns them all: trying one is better than failing for sure.
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
		// read now, on the caller's thread, where a blocking call keeps its record
		Set<String> tried = TriedInstances.of(request);
		Flux<List<ServiceInstance>> instances = getDelegate().get(request).map(this::withoutEjected);
		return tried.isEmpty() ? instances : instances.map((list) -> withoutTried(list, tried));
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

	private static List<ServiceInstance> withoutTried(List<ServiceInstance> instances, Set<String> tried) {
		List<ServiceInstance> untried = new ArrayList<>(instances.size());
		for (ServiceInstance instance : instances) {
			if (!tried.contains(TriedInstances.key(instance))) {
				untried.add(instance);
			}
		}
		return untried.isEmpty() ? instances : untried;
	}

}
