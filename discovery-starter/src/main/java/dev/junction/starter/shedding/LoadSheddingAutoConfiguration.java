/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shedding;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
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
 * Load shedding of a web app's inbound requests ({@code junction.load-shedding.*}): one
 * {@link ConcurrencyLimiter} for the app, held by a servlet filter or a WebFlux filter,
 * and its meters when Micrometer is there. {@code junction.load-shedding.enabled=false}
 * removes all of it.
 */
@AutoConfiguration
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty(name = "junction.load-shedding.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LoadSheddingProperties.class)
public final class LoadSheddingAutoConfiguration {

	private static final Log logger = LogFactory.getLog(LoadSheddingAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ConcurrencyLimiter junctionLoadSheddingLimiter(LoadSheddingProperties properties) {
		ConcurrencyLimiter limiter = properties.toSettings().newLimiter(System::nanoTime);
		logger.info("Inbound requests are limited (" + limiter + "); junction.load-shedding.enabled=false removes "
				+ "the limit");
		return limiter;
	}

	@Bean
	@ConditionalOnClass(MeterRegistry.class)
	MeterBinder junctionLoadSheddingMetrics(ConcurrencyLimiter limiter) {
		return (registry) -> LoadSheddingMetrics.bind(registry, limiter, Tags.empty());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(OncePerRequestFilter.class)
	static class ServletLoadSheddingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LoadSheddingFilter junctionLoadSheddingFilter(ConcurrencyLimiter limiter, LoadSheddingProperties properties,
				Environment environment) {
			return new LoadSheddingFilter(limiter, properties.toSettings(), UnlimitedPaths.of(environment));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass(WebFilter.class)
	static class ReactiveLoadSheddingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		LoadSheddingWebFilter junctionLoadSheddingWebFilter(ConcurrencyLimiter limiter,
				LoadSheddingProperties properties, Environment environment) {
			return new LoadSheddingWebFilter(limiter, properties.toSettings(), UnlimitedPaths.of(environment));
		}

	}

}
