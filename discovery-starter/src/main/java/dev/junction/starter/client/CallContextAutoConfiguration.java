/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.WebFilter;

/**
 * Keeps each incoming request's call context (version chosen at the edge, correlation id)
 * for the duration of its handling: in the MDC for servlet apps, in the Reactor context
 * for reactive ones. Separate from the clients because logs and messages use it too.
 */
@AutoConfiguration
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty(name = "junction.client.propagation.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ClientProperties.class)
public final class CallContextAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(OncePerRequestFilter.class)
	static class ServletCallContextConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CallContextFilter junctionCallContextFilter() {
			return new CallContextFilter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(WebFilter.class)
	static class ReactiveCallContextConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CallContextWebFilter junctionCallContextWebFilter() {
			return new CallContextWebFilter();
		}

	}

}
