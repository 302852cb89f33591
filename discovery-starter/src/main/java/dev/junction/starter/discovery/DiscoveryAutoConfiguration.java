/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.nio.file.Path;
import java.time.Clock;

import dev.junction.starter.consul.ConsulBlockingQueries;
import dev.junction.starter.consul.ConsulBlockingQueriesAutoConfiguration;
import dev.junction.starter.consul.SnapshotStore;
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
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

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
			DiscoveryProperties properties, ObjectProvider<ConsulBlockingQueries> queries,
			ObjectProvider<SnapshotStore> snapshots) {
		ConsulBlockingQueries shared = queries.getIfAvailable();
		ConsulHealthWatcher watcher = (shared != null) ? new ConsulHealthWatcher(shared, discovery, properties)
				: new ConsulHealthWatcher(consul, discovery, properties);
		watcher.setSnapshots(snapshots.getIfAvailable());
		return watcher;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "junction.discovery.snapshot.enabled", matchIfMissing = true)
	SnapshotStore junctionSnapshotStore(DiscoveryProperties properties, Environment environment) {
		String directory = properties.getSnapshot().getDirectory();
		Path path = StringUtils.hasText(directory) ? Path.of(directory) : defaultSnapshotDirectory(environment);
		return new SnapshotStore(path, properties.getSnapshot().getMaxAge(), Clock.systemUTC());
	}

	/**
	 * One directory per instance: its id (name, address and port on a fixed port), so two
	 * apps, or two instances of one, on a machine never share a snapshot.
	 */
	static Path defaultSnapshotDirectory(Environment environment) {
		String id = environment.getProperty("junction.instance.id");
		if (!StringUtils.hasText(id)) {
			id = environment.getProperty("spring.application.name", "application") + "-"
					+ environment.getProperty("server.port", "8080");
		}
		return Path.of(System.getProperty("java.io.tmpdir"), "junction-snapshot", id.replaceAll("[^A-Za-z0-9.-]", "_"));
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
