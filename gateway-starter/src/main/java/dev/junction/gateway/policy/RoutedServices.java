/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;

/**
 * The services the routes send traffic to: the hosts of their {@code lb://} URIs, exactly
 * as written. A policy is looked up by that name, case included (it is the name the load
 * balancer asks Consul for), so a policy under any other name is never applied.
 */
public final class RoutedServices {

	private RoutedServices() {
	}

	/**
	 * The routed services, sorted.
	 * @param routes the gateway's routes
	 * @return their {@code lb://} hosts
	 */
	public static Mono<List<String>> of(RouteLocator routes) {
		return routes.getRoutes().mapNotNull(RoutedServices::service).distinct().sort().collectList();
	}

	private static @Nullable String service(Route route) {
		URI uri = route.getUri();
		return "lb".equalsIgnoreCase(uri.getScheme()) ? uri.getHost() : null;
	}

}
