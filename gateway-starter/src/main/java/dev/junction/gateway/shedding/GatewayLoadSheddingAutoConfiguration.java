/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.shedding;

import dev.junction.gateway.edge.EdgeAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.annotation.Bean;

/**
 * Load shedding per route ({@code junction.gateway.load-shedding.*}), on by default. The
 * app-wide limit of the service starter ({@code junction.load-shedding.*}) is off in the
 * gateway: one limit for every route would let a slow service take the places of the
 * others.
 */
@AutoConfiguration(after = EdgeAutoConfiguration.class)
@ConditionalOnClass(GlobalFilter.class)
@ConditionalOnBooleanProperty(name = "junction.gateway.load-shedding.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GatewayLoadSheddingProperties.class)
public final class GatewayLoadSheddingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RouteLoadSheddingFilter junctionRouteLoadSheddingFilter(GatewayLoadSheddingProperties properties,
			ObjectProvider<MeterRegistry> registry) {
		return new RouteLoadSheddingFilter(properties, registry, System::nanoTime);
	}

}
