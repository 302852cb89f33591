/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import java.util.List;
import java.util.Set;
import java.util.HashSet;

import dev.junction.starter.JunctionMetadata;
import dev.junction.starter.discovery.ConsulHealthWatcher;
import dev.junction.starter.discovery.OutlierDetector;
import dev.junction.starter.discovery.VersionPreferenceServiceInstanceListSupplier;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;

/**
 * The versions a service has healthy instances of, as the load balancer will see them:
 * the passing instances of the starter's Consul watch minus those outlier detection
 * leaves out, by the same rule the starter's supplier applies
 * ({@link OutlierDetector#withoutEjected(List)}). The version choice checks it before
 * stamping {@code Junction-Version}, because the starter's version preference quietly
 * uses any instance when none has the version, which would break a policy that forbids
 * falling back. A version asked for by name (the canary header or cookie) counts as
 * available while it has passing instances, ejected or not.
 */
class VersionAvailability {

	private final ConsulHealthWatcher watcher;

	private final OutlierDetector outliers;

	VersionAvailability(ConsulHealthWatcher watcher, OutlierDetector outliers) {
		this.watcher = watcher;
		this.outliers = outliers;
	}

	/**
	 * The versions with an instance the load balancer will offer.
	 * @param serviceId the service
	 * @param explicit whether the request asks for its version by name, which reaches
	 * ejected instances of it too (see
	 * {@link VersionPreferenceServiceInstanceListSupplier#EXPLICIT_VERSION_ATTRIBUTE})
	 * @return the versions
	 */
	Mono<Set<String>> versions(String serviceId, boolean explicit) {
		return this.watcher.instances(serviceId)
			.map((instances) -> versionsOf(explicit ? instances : this.outliers.withoutEjected(instances)));
	}

	private static Set<String> versionsOf(List<ServiceInstance> instances) {
		Set<String> versions = new HashSet<>(4);
		for (ServiceInstance instance : instances) {
			String version = instance.getMetadata().get(JunctionMetadata.VERSION);
			if (version != null) {
				versions.add(version);
			}
		}
		return versions;
	}

}
