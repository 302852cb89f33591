/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.resilience;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

import dev.junction.starter.discovery.TriedInstances;

/**
 * Gives every routed request the starter's record of the instances its attempts went to
 * ({@link TriedInstances}), as an exchange attribute: Spring Cloud Gateway hands the
 * exchange's attributes to the load balancer, the starter's recorder adds each chosen
 * instance, and its instance list leaves them out. A retry of the route's {@code Retry}
 * filter therefore goes to an instance the request has not tried while there is one,
 * instead of wherever the round robin points (requests running at the same time move it
 * in between, so two attempts could meet the same dead instance).
 * <p>
 * First of all filters, so that the retries, which run the filters after theirs again,
 * share one record.
 */
final class TriedInstancesFilter implements GlobalFilter, Ordered {

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		exchange.getAttributes().putIfAbsent(TriedInstances.ATTRIBUTE, TriedInstances.newRecord());
		return chain.filter(exchange);
	}

}
