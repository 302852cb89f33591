/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;

/**
 * The last handler mapping: a request that no route, endpoint or controller takes is
 * answered {@code 404} at once ({@link GatewayProblems.Refusal}), with a body rendered
 * once. Without it WebFlux raised a {@code ResponseStatusException} for each, with a
 * stack trace, through every filter's error path and the problem handler: a flood of
 * unknown paths cost the gateway ten times what a refusal costs.
 */
final class NoRouteHandlerMapping implements HandlerMapping, Ordered {

	private static final GatewayProblems.Refusal NOT_FOUND = GatewayProblems.refusal(HttpStatus.NOT_FOUND, "no-route",
			"No route of this gateway matches the request's path.");

	private static final WebHandler NOT_FOUND_HANDLER = NOT_FOUND::writeTo;

	@Override
	public Mono<Object> getHandler(ServerWebExchange exchange) {
		return Mono.just(NOT_FOUND_HANDLER);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
