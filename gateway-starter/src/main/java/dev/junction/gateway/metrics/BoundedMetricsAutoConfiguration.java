/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.metrics;

import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.cloud.gateway.support.tagsprovider.GatewayTagsProvider;
import org.springframework.context.annotation.Bean;

/**
 * Request metrics per route, service, version and outcome whose number of time series
 * stays bounded whatever clients send: Spring Cloud Gateway tags requests with their HTTP
 * method as sent, and a client may send any token as a method, so methods outside the
 * standard ones are counted as {@code OTHER}. Paths are never tags (Spring Cloud
 * Gateway's path tags stay off).
 */
@AutoConfiguration(beforeName = "org.springframework.cloud.gateway.config.GatewayMetricsAutoConfiguration")
@ConditionalOnClass({ MeterRegistry.class, GatewayTagsProvider.class })
public final class BoundedMetricsAutoConfiguration {

	private static final Set<String> STANDARD_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
			"OPTIONS", "TRACE");

	@Bean
	VersionTagsProvider junctionVersionTagsProvider() {
		return new VersionTagsProvider();
	}

	@Bean
	MeterFilter junctionBoundedHttpMethodTag() {
		return MeterFilter.replaceTagValues("httpMethod",
				(method) -> STANDARD_METHODS.contains(method) ? method : "OTHER");
	}

}
