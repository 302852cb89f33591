/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.consul;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.consul.ConsulAutoConfiguration;
import org.springframework.cloud.consul.ConsulProperties;
import org.springframework.cloud.consul.discovery.ConsulDiscoveryProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one {@link ConsulBlockingQueries} of an application, for every Consul watch of
 * Junction's (the starter's instance lists, the gateway's live policies), wherever Spring
 * Cloud Consul is on. Its ACL token is spring-cloud-consul's discovery token, so all of
 * Junction's own queries use one. The {@code junctionConsul} health contributor shows
 * whether Consul answers them.
 */
@AutoConfiguration(afterName = { "org.springframework.cloud.consul.ConsulAutoConfiguration",
		"org.springframework.cloud.consul.discovery.ConsulDiscoveryClientConfiguration" })
@ConditionalOnClass({ ConsulProperties.class, ConsulDiscoveryProperties.class })
@ConditionalOnBean(ConsulProperties.class)
public final class ConsulBlockingQueriesAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ConsulBlockingQueries junctionConsulBlockingQueries(ConsulProperties consul,
			ObjectProvider<ConsulDiscoveryProperties> discovery) {
		ConsulDiscoveryProperties discoveryProperties = discovery.getIfAvailable();
		return new ConsulBlockingQueries(ConsulAutoConfiguration.createConsulClientBaseUrl(consul),
				(discoveryProperties != null) ? discoveryProperties.getAclToken() : null);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class ReachabilityConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "junctionConsulHealthIndicator")
		ConsulReachabilityHealthIndicator junctionConsulHealthIndicator(ConsulBlockingQueries queries) {
			return new ConsulReachabilityHealthIndicator(queries);
		}

	}

}
