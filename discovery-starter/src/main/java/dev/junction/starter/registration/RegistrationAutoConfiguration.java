/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.registration;

import dev.junction.starter.identity.InstanceIdentity;
import dev.junction.starter.identity.InstanceIdentityAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.consul.serviceregistry.ConsulRegistrationCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Registration: spring-cloud-consul registers the instance; Junction adds its metadata
 * through spring-cloud-consul's own extension point,
 * {@link ConsulRegistrationCustomizer}. The check, id and reaping defaults are property
 * defaults contributed by {@code JunctionDefaultsEnvironmentPostProcessor}, because only
 * defaults change there. {@link RegistrationKeeperAutoConfiguration} keeps the
 * registration in the agent.
 */
@AutoConfiguration(after = InstanceIdentityAutoConfiguration.class)
@ConditionalOnClass(ConsulRegistrationCustomizer.class)
@ConditionalOnBooleanProperty(name = "junction.registration.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RegistrationProperties.class)
public final class RegistrationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	InstanceMetadataRegistrationCustomizer junctionInstanceMetadataRegistrationCustomizer(InstanceIdentity identity) {
		return new InstanceMetadataRegistrationCustomizer(identity);
	}

}
