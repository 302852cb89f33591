/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.junction.gateway.AttributeHeaderFilter;
import dev.junction.starter.JunctionHeaders;
import dev.junction.gateway.edge.ClientAddressResolver;
import dev.junction.gateway.edge.EdgeAutoConfiguration;
import dev.junction.starter.consul.ConsulBlockingQueries;
import dev.junction.starter.consul.ConsulBlockingQueriesAutoConfiguration;
import dev.junction.starter.consul.SnapshotStore;
import dev.junction.starter.discovery.ConsulHealthWatcher;
import dev.junction.starter.discovery.DiscoveryAutoConfiguration;
import dev.junction.starter.discovery.OutlierDetector;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Junction's traffic policies on Spring Cloud Gateway: the configured policies
 * ({@code junction.gateway.policies.*}), their live replacements from Consul KV, the
 * version choice in front of the load balancer, and what the management port shows about
 * them (the {@code junctionpolicies} endpoint and the readiness contribution).
 */
@AutoConfiguration(after = { ConsulBlockingQueriesAutoConfiguration.class, DiscoveryAutoConfiguration.class,
		EdgeAutoConfiguration.class }, afterName = "org.springframework.cloud.consul.ConsulAutoConfiguration")
@ConditionalOnClass(GlobalFilter.class)
@EnableConfigurationProperties(TrafficPolicyProperties.class)
public final class TrafficPolicyAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TrafficPolicies junctionTrafficPolicies(TrafficPolicyProperties properties) {
		Map<String, TrafficPolicy> configured = new LinkedHashMap<>();
		properties.getPolicies().forEach((service, policy) -> configured.put(service, policy.toPolicy(service)));
		return new TrafficPolicies(configured);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ ConsulHealthWatcher.class, OutlierDetector.class, ClientAddressResolver.class })
	VersionRoutingFilter junctionVersionRoutingFilter(TrafficPolicies policies, ConsulHealthWatcher watcher,
			OutlierDetector outliers, ClientAddressResolver clientAddress) {
		return new VersionRoutingFilter(policies, new VersionAvailability(watcher, outliers), clientAddress);
	}

	@Bean
	@ConditionalOnMissingBean(name = "junctionVersionHeaderFilter")
	AttributeHeaderFilter junctionVersionHeaderFilter() {
		return new AttributeHeaderFilter(VersionRoutingFilter.VERSION_ATTRIBUTE, JunctionHeaders.VERSION);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ConsulBlockingQueries.class)
	@ConditionalOnBooleanProperty(name = "junction.gateway.live-policies.enabled", matchIfMissing = true)
	static class LivePolicyConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ConsulPolicyWatch junctionConsulPolicyWatch(ConsulBlockingQueries queries, TrafficPolicyProperties properties,
				TrafficPolicies policies, ObjectProvider<SnapshotStore> snapshots) {
			// the starter's shared queries: one HTTP client and one ACL token for all of
			// Junction's own Consul watches
			JsonMapper json = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
			return new ConsulPolicyWatch(queries, properties.getLivePolicies(), snapshots.getIfAvailable(), policies,
					json);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ReactiveHealthIndicator.class })
	static class PolicyManagementConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint
		PolicyEndpoint junctionPolicyEndpoint(TrafficPolicies policies, ObjectProvider<ConsulPolicyWatch> watch,
				RouteLocator routes) {
			return new PolicyEndpoint(policies, watch.getIfAvailable(), routes);
		}

		@Bean
		@ConditionalOnMissingBean(name = "junctionRegistryHealthIndicator")
		@ConditionalOnBean(ConsulHealthWatcher.class)
		RegistrySyncHealthIndicator junctionRegistryHealthIndicator(RouteLocator routes, ConsulHealthWatcher watcher,
				ObjectProvider<ConsulPolicyWatch> policyWatch, ObjectProvider<ConsulBlockingQueries> queries) {
			return new RegistrySyncHealthIndicator(routes, watcher, policyWatch.getIfAvailable(),
					queries.getIfAvailable());
		}

	}

}
