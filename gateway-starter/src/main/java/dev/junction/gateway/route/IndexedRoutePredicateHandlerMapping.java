/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.route;

import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.config.GlobalCorsProperties;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.cloud.gateway.handler.FilteringWebHandler;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.web.server.ServerWebExchange;

/**
 * Spring Cloud Gateway's handler mapping with an indexed route lookup: instead of testing
 * every route's predicates in turn for every request (spring-cloud-gateway#1683, #2290),
 * only the routes whose literal path prefix the request has are tested
 * ({@link RouteIndex}), so adding routes for other prefixes costs a request nothing. The
 * index is rebuilt whenever the routes are refreshed; everything else (management-port
 * exclusion, CORS, the exchange attributes) is the superclass's.
 */
class IndexedRoutePredicateHandlerMapping extends RoutePredicateHandlerMapping
		implements ApplicationListener<RefreshRoutesResultEvent> {

	private static final Log log = LogFactory.getLog(IndexedRoutePredicateHandlerMapping.class);

	private final RouteLocator routeLocator;

	private final RouteDefinitionLocator definitionLocator;

	private volatile Mono<RouteIndex> index;

	IndexedRoutePredicateHandlerMapping(FilteringWebHandler webHandler, RouteLocator routeLocator,
			RouteDefinitionLocator definitionLocator, GlobalCorsProperties globalCorsProperties,
			Environment environment) {
		super(webHandler, routeLocator, globalCorsProperties, environment);
		this.routeLocator = routeLocator;
		this.definitionLocator = definitionLocator;
		this.index = buildIndex();
	}

	@Override
	public void onApplicationEvent(RefreshRoutesResultEvent event) {
		this.index = buildIndex();
	}

	private Mono<RouteIndex> buildIndex() {
		return Mono
			.zip(this.routeLocator.getRoutes().collectList(),
					this.definitionLocator.getRouteDefinitions()
						.collectMap(RouteDefinition::getId, Function.identity()))
			.map((routesAndDefinitions) -> RouteIndex.of(routesAndDefinitions.getT1(), routesAndDefinitions.getT2()))
			.doOnNext((built) -> log.debug("Indexed " + built.size() + " routes by path prefix"))
			.cache();
	}

	@Override
	protected Mono<Route> lookupRoute(ServerWebExchange exchange) {
		return this.index
			.flatMapMany((routes) -> Flux
				.fromIterable(routes.candidates(exchange.getRequest().getPath().pathWithinApplication())))
			.concatMap((route) -> matches(route, exchange).filter(Boolean::booleanValue).map((matched) -> route))
			.next()
			.map((route) -> {
				validateRoute(route, exchange);
				return route;
			});
	}

	private Mono<Boolean> matches(Route route, ServerWebExchange exchange) {
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_PREDICATE_ROUTE_ATTR, route.getId());
		try {
			return Mono.from(route.getPredicate().apply(exchange));
		}
		catch (RuntimeException ex) {
			log.error("Error applying predicate for route: " + route.getId(), ex);
			return Mono.just(false);
		}
	}

}
