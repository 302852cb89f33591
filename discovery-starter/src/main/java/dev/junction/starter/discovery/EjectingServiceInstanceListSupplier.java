/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.junction.starter.JunctionMetadata;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Leaves out the instances the {@link OutlierDetector} currently ejects (its
 * {@link OutlierDetector#withoutEjected(List) rule}: all of them when every one is
 * ejected) and, for a retry, those the call has already tried ({@link TriedInstances}).
 * When leaving out the tried ones leaves none, only the ejected ones are left out. A
 * request that asks for a version by name
 * ({@link VersionPreferenceServiceInstanceListSupplier#EXPLICIT_VERSION_ATTRIBUTE}) whose
 * every instance is ejected keeps them: {@link OutlierDetector#withoutEjected(List)}'s
 * panic rule, applied to the version asked for.
 */
class EjectingServiceInstanceListSupplier extends DelegatingServiceInstanceListSupplier {

	private final OutlierDetector ejector;

	EjectingServiceInstanceListSupplier(ServiceInstanceListSupplier delegate, OutlierDetector ejector) {
		super(delegate);
		this.ejector = ejector;
	}

	@Override
	public Flux<List<ServiceInstance>> get() {
		return getDelegate().get().map(this.ejector::withoutEjected);
	}

	@Override
	public Flux<List<ServiceInstance>> get(Request request) {
		// read now, on the caller's thread, where a blocking call keeps its record
		Set<String> tried = TriedInstances.of(request);
		String explicitVersion = VersionPreferenceServiceInstanceListSupplier.isExplicit(request)
				? VersionPreferenceServiceInstanceListSupplier.requestedVersion(request) : null;
		Flux<List<ServiceInstance>> instances = getDelegate().get(request)
			.map((list) -> withoutEjected(list, explicitVersion));
		return tried.isEmpty() ? instances : instances.map((list) -> withoutTried(list, tried));
	}

	private List<ServiceInstance> withoutEjected(List<ServiceInstance> instances, @Nullable String explicitVersion) {
		List<ServiceInstance> reachable = this.ejector.withoutEjected(instances);
		if (explicitVersion == null || reachable.size() == instances.size()
				|| !ofVersion(reachable, explicitVersion).isEmpty()) {
			return reachable;
		}
		List<ServiceInstance> withVersion = new ArrayList<>(reachable);
		withVersion.addAll(ofVersion(instances, explicitVersion));
		return withVersion;
	}

	private static List<ServiceInstance> ofVersion(List<ServiceInstance> instances, String version) {
		List<ServiceInstance> matching = new ArrayList<>();
		for (ServiceInstance instance : instances) {
			if (version.equals(instance.getMetadata().get(JunctionMetadata.VERSION))) {
				matching.add(instance);
			}
		}
		return matching;
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
