/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import dev.junction.starter.consul.ConsulBlockingQueries;
import dev.junction.starter.consul.ConsulBlockingQueriesAutoConfiguration;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.consul.ConsulProperties;
import org.springframework.cloud.consul.discovery.ConsulDiscoveryProperties;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.annotation.Bean;

/**
 * Fresh instance lists for every load-balanced call (servlet, reactive and the gateway
 * alike): Consul health watches feed Spring Cloud LoadBalancer through its own extension
 * point, a default {@link ServiceInstanceListSupplier} for all client contexts, with
 * outlier detection ({@link OutlierDetector}, shown by {@link OutlierEndpoint}), version
 * and zone preference.
 */
@AutoConfiguration(after = ConsulBlockingQueriesAutoConfiguration.class,
		afterName = { "dev.junction.starter.identity.InstanceIdentityAutoConfiguration",
				"org.springframework.cloud.consul.ConsulAutoConfiguration",
				"org.springframework.cloud.consul.discovery.ConsulDiscoveryClientConfiguration",
				"org.springframework.cloud.consul.discovery.reactive.ConsulReactiveDiscoveryClientConfiguration",
				"org.springframework.cloud.consul.serviceregistry.ConsulServiceRegistryAutoConfiguration" })
@ConditionalOnClass({ ServiceInstanceListSupplier.class, ConsulDiscoveryProperties.class, JsonMapper.class })
@ConditionalOnBean({ ConsulProperties.class, ConsulDiscoveryProperties.class })
@ConditionalOnBooleanProperty(name = "junction.discovery.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DiscoveryProperties.class)
@LoadBalancerClients(defaultConfiguration = JunctionLoadBalancerConfiguration.class)
public final class DiscoveryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ConsulHealthWatcher junctionConsulHealthWatcher(ConsulProperties consul, ConsulDiscoveryProperties discovery,
			DiscoveryProperties properties, ObjectProvider<ConsulBlockingQueries> queries) {
		ConsulBlockingQueries shared = queries.getIfAvailable();
		return (shared != null) ? new ConsulHealthWatcher(shared, discovery, properties)
				: new ConsulHealthWatcher(consul, discovery, properties);
	}

	@Bean
	@ConditionalOnMissingBean
	OutlierDetector junctionOutlierDetector(DiscoveryProperties properties, ConsulHealthWatcher watcher) {
		OutlierDetector detector = new OutlierDetector(properties.getOutlierDetection());
		watcher.onPassingChange(detector::passingChanged);
		return detector;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	OutlierEndpoint junctionOutlierEndpoint(OutlierDetector detector) {
		return new OutlierEndpoint(detector);
	}

	@Bean
	@ConditionalOnMissingBean
	TriedInstanceRecorder junctionTriedInstanceRecorder() {
		return new TriedInstanceRecorder();
	}

}
