/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.registration;

import dev.junction.starter.consul.ConsulBlockingQueries;
import dev.junction.starter.consul.ConsulBlockingQueriesAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.consul.discovery.ConsulDiscoveryProperties;
import org.springframework.cloud.consul.serviceregistry.ConsulAutoRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulAutoServiceRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulServiceRegistry;
import org.springframework.context.annotation.Bean;

/**
 * The {@link RegistrationKeeper}, wherever spring-cloud-consul registers the instance: it
 * registers the instance again whenever the agent does not know it (not reachable at
 * start, restarted without its state).
 */
@AutoConfiguration(after = { RegistrationAutoConfiguration.class, ConsulBlockingQueriesAutoConfiguration.class })
@ConditionalOnClass(ConsulAutoRegistration.class)
@ConditionalOnBooleanProperty(name = "junction.registration.enabled", matchIfMissing = true)
@ConditionalOnBean(ConsulBlockingQueries.class)
@EnableConfigurationProperties(RegistrationProperties.class)
public final class RegistrationKeeperAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RegistrationKeeper junctionRegistrationKeeper(ObjectProvider<ConsulServiceRegistry> registry,
			ObjectProvider<ConsulAutoRegistration> registration,
			ObjectProvider<ConsulAutoServiceRegistration> autoRegistration,
			ObjectProvider<ConsulDiscoveryProperties> discovery, ConsulBlockingQueries queries,
			RegistrationProperties properties) {
		return new RegistrationKeeper(registry, registration, autoRegistration, discovery, queries,
				properties.getCheckInterval());
	}

}
