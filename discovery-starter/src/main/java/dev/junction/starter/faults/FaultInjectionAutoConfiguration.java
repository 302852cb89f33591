/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.faults;

import dev.junction.starter.consul.ConsulBlockingQueries;
import dev.junction.starter.consul.ConsulBlockingQueriesAutoConfiguration;
import dev.junction.starter.identity.InstanceIdentity;
import dev.junction.starter.identity.InstanceIdentityAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.WebFilter;

/**
 * Fault injection, only with {@code junction.faults.enabled=true}: the
 * {@link FaultInjection} that watches {@code junction/faults/<service>} and the servlet
 * or reactive filter that applies it.
 */
@AutoConfiguration(after = { ConsulBlockingQueriesAutoConfiguration.class, InstanceIdentityAutoConfiguration.class })
@ConditionalOnBooleanProperty("junction.faults.enabled")
@ConditionalOnBean({ ConsulBlockingQueries.class, InstanceIdentity.class })
@EnableConfigurationProperties(FaultProperties.class)
public final class FaultInjectionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	FaultInjection junctionFaultInjection(ConsulBlockingQueries queries, FaultProperties properties,
			InstanceIdentity identity, Environment environment, ObjectProvider<MeterRegistry> meters) {
		String service = environment.getProperty("spring.application.name", "application");
		return new FaultInjection(queries, properties.getKeyPrefix(), service, identity.version(),
				properties.getWatchWait(), meters.getIfAvailable());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(OncePerRequestFilter.class)
	static class ServletFaultConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FaultInjectionFilter junctionFaultInjectionFilter(FaultInjection faults) {
			return new FaultInjectionFilter(faults);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(WebFilter.class)
	static class ReactiveFaultConfiguration {

		@Bean
		@ConditionalOnMissingBean
		FaultInjectionWebFilter junctionFaultInjectionWebFilter(FaultInjection faults) {
			return new FaultInjectionWebFilter(faults);
		}

	}

}
