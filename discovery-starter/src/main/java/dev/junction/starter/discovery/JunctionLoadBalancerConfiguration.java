/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import dev.junction.starter.identity.InstanceIdentity;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.loadbalancer.config.LoadBalancerZoneConfig;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ZonePreferenceServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Default configuration of every Spring Cloud LoadBalancer client context (one per called
 * service), registered through {@code @LoadBalancerClients(defaultConfiguration)}. It is
 * applied before LoadBalancer's own default configuration, whose caching,
 * DiscoveryClient-based suppliers then back off; a {@code @LoadBalancerClient}
 * configuration for one service that declares its own supplier still wins for that
 * service.
 * <p>
 * The chain, innermost first: Consul's passing instances → minus ejected ones → those of
 * the requested version → those of the own zone (Spring Cloud's zone preference). The
 * version is preferred before the zone because it is the edge's routing decision; the
 * zone is an optimisation inside it.
 */
@Configuration(proxyBeanMethods = false)
class JunctionLoadBalancerConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ServiceInstanceListSupplier junctionServiceInstanceListSupplier(Environment environment,
			ConsulHealthWatcher watcher, OutlierDetector ejector, DiscoveryProperties properties,
			InstanceIdentity identity, LoadBalancerClientFactory clientFactory) {
		String serviceId = environment.getRequiredProperty(LoadBalancerClientFactory.PROPERTY_NAME);
		ServiceInstanceListSupplier supplier = new ConsulServiceInstanceListSupplier(serviceId, watcher);
		supplier = new EjectingServiceInstanceListSupplier(supplier, ejector);
		if (properties.isVersionPreference()) {
			supplier = new VersionPreferenceServiceInstanceListSupplier(supplier);
		}
		if (properties.isZonePreference()) {
			supplier = new ZonePreferenceServiceInstanceListSupplier(supplier,
					new LoadBalancerZoneConfig(identity.zone()), clientFactory);
		}
		return supplier;
	}

}
