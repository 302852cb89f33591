/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.route;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.accept.ApiVersionStrategy;

/**
 * Replaces Spring Cloud Gateway's {@link RoutePredicateHandlerMapping} (declared
 * {@code @ConditionalOnMissingBean} there for this purpose) with one whose route lookup
 * is indexed by path prefix. Runs before the gateway's auto-configuration so that its
 * bean backs off.
 */
@AutoConfiguration(beforeName = "org.springframework.cloud.gateway.config.GatewayAutoConfiguration")
@ConditionalOnClass(RoutePredicateHandlerMapping.class)
@ConditionalOnBooleanProperty(name = "spring.cloud.gateway.server.webflux.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "junction.gateway.route-index.enabled", matchIfMissing = true)
public final class RouteIndexAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RoutePredicateHandlerMapping routePredicateHandlerMapping(FilteringWebHandler webHandler, RouteLocator routeLocator,
			RouteDefinitionLocator routeDefinitionLocator, GlobalCorsProperties globalCorsProperties,
			Environment environment, ObjectProvider<ApiVersionStrategy> apiVersionStrategy) {
		IndexedRoutePredicateHandlerMapping mapping = new IndexedRoutePredicateHandlerMapping(webHandler, routeLocator,
				routeDefinitionLocator, globalCorsProperties, environment);
		apiVersionStrategy.ifAvailable(mapping::setApiVersionStrategy);
		return mapping;
	}

}
