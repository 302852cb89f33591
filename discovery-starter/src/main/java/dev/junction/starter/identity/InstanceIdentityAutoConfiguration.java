/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.identity;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.WebFilter;

/**
 * The instance's identity (id, version, zone), which registration puts into Consul, and
 * the filters that show it on every response. {@code junction.identity.enabled=false}
 * removes only the filters: registration still needs to know who the instance is.
 */
@AutoConfiguration(afterName = "org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration")
@EnableConfigurationProperties({ InstanceProperties.class, IdentityProperties.class })
public final class InstanceIdentityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	InstanceIdentity junctionInstanceIdentity(InstanceProperties properties, ObjectProvider<BuildProperties> build,
			ApplicationContext context) {
		return InstanceIdentityResolver.resolve(properties, build.getIfAvailable(), context);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(OncePerRequestFilter.class)
	@ConditionalOnBooleanProperty(name = "junction.identity.enabled", matchIfMissing = true)
	static class ServletIdentityConfiguration {

		@Bean
		@ConditionalOnMissingBean
		InstanceIdentityFilter junctionInstanceIdentityFilter(InstanceIdentity identity,
				ObjectProvider<Registration> registration) {
			return new InstanceIdentityFilter(identity, registration);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(WebFilter.class)
	@ConditionalOnBooleanProperty(name = "junction.identity.enabled", matchIfMissing = true)
	static class ReactiveIdentityConfiguration {

		@Bean
		@ConditionalOnMissingBean
		InstanceIdentityWebFilter junctionInstanceIdentityWebFilter(InstanceIdentity identity,
				ObjectProvider<Registration> registration) {
			return new InstanceIdentityWebFilter(identity, registration);
		}

	}

}
