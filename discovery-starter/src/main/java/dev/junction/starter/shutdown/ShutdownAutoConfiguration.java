/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shutdown;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.client.serviceregistry.AbstractAutoServiceRegistration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Shutdown in the right order for a web application: readiness refuses traffic,
 * deregistration, a drain delay, then Boot's graceful shutdown (on by default; the
 * starter's defaults keep {@code server.shutdown=graceful}).
 */
@AutoConfiguration
@ConditionalOnWebApplication
@ConditionalOnClass(WebServerApplicationContext.class)
@ConditionalOnBooleanProperty(name = "junction.shutdown.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ShutdownProperties.class)
public final class ShutdownAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DrainingShutdownLifecycle junctionDrainingShutdownLifecycle(ApplicationEventPublisher publisher,
			ObjectProvider<AbstractAutoServiceRegistration<?>> registrations, ShutdownProperties properties) {
		List<AbstractAutoServiceRegistration<?>> all = registrations.orderedStream().toList();
		return new DrainingShutdownLifecycle(publisher, all, properties.getDrainDelay());
	}

}
