/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.metrics;

import java.net.URI;

import dev.junction.gateway.policy.VersionRoutingFilter;
import io.micrometer.core.instrument.Tags;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.gateway.support.tagsprovider.GatewayTagsProvider;
import org.springframework.web.server.ServerWebExchange;

/**
 * Adds the service and the version a request was sent to to Spring Cloud Gateway's
 * request metrics ({@code spring.cloud.gateway.requests}), next to its route and outcome
 * tags. Both come from configuration (route URIs, policy versions), never from the
 * request, so their number of values stays bounded.
 */
final class VersionTagsProvider implements GatewayTagsProvider {

	static final String NONE = "none";

	@Override
	public Tags apply(ServerWebExchange exchange) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		URI uri = (route != null) ? route.getUri() : null;
		String service = (uri != null && "lb".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null)
				? uri.getHost() : NONE;
		String version = exchange.getAttribute(VersionRoutingFilter.VERSION_ATTRIBUTE);
		return Tags.of("service", service, "version", (version != null) ? version : NONE);
	}

}
