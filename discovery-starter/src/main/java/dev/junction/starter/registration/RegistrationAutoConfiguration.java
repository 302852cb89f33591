/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.registration;

import dev.junction.starter.consul.ConsulBlockingQueries;
import dev.junction.starter.consul.ConsulBlockingQueriesAutoConfiguration;
import dev.junction.starter.identity.InstanceIdentity;
import dev.junction.starter.identity.InstanceIdentityAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.consul.serviceregistry.ConsulAutoRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulAutoServiceRegistration;
import org.springframework.cloud.consul.serviceregistry.ConsulRegistrationCustomizer;
import org.springframework.cloud.consul.serviceregistry.ConsulServiceRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registration: spring-cloud-consul registers the instance; Junction adds its metadata
 * through spring-cloud-consul's own extension point,
 * {@link ConsulRegistrationCustomizer}. The check, id and reaping defaults are property
 * defaults contributed by {@code JunctionDefaultsEnvironmentPostProcessor}, because only
 * defaults change there. The {@link RegistrationKeeper} registers the instance again
 * whenever the agent does not know it.
 */
@AutoConfiguration(after = { InstanceIdentityAutoConfiguration.class, ConsulBlockingQueriesAutoConfiguration.class },
		afterName = { "org.springframework.cloud.consul.serviceregistry.ConsulServiceRegistryAutoConfiguration",
				"org.springframework.cloud.consul.serviceregistry.ConsulAutoServiceRegistrationAutoConfiguration" })
@ConditionalOnClass(ConsulRegistrationCustomizer.class)
@ConditionalOnBooleanProperty(name = "junction.registration.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RegistrationProperties.class)
public final class RegistrationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	InstanceMetadataRegistrationCustomizer junctionInstanceMetadataRegistrationCustomizer(InstanceIdentity identity) {
		return new InstanceMetadataRegistrationCustomizer(identity);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean({ ConsulServiceRegistry.class, ConsulAutoRegistration.class, ConsulBlockingQueries.class })
	static class KeeperConfiguration {

		@Bean
		@ConditionalOnMissingBean
		RegistrationKeeper junctionRegistrationKeeper(ConsulServiceRegistry registry,
				ConsulAutoRegistration registration, ObjectProvider<ConsulAutoServiceRegistration> autoRegistration,
				ConsulBlockingQueries queries, RegistrationProperties properties) {
			return new RegistrationKeeper(registry, registration, autoRegistration.getIfAvailable(), queries,
					properties.getCheckInterval());
		}

	}

}
