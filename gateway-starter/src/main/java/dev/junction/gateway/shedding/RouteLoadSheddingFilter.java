/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.shedding;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

import dev.junction.gateway.GatewayHeaders;
import dev.junction.gateway.edge.GatewayProblems;
import dev.junction.starter.JunctionHeaders;
import dev.junction.starter.discovery.TriedInstances;
import dev.junction.starter.shedding.ConcurrencyLimiter;
import dev.junction.starter.shedding.LimitSettings;
import dev.junction.starter.shedding.LoadSheddingMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

/**
 * Holds a permit of its route's {@link ConcurrencyLimiter} while a request is routed, and
 * refuses the request with {@code 503} at once when the route is full, with
 * {@code Retry-After} and {@code Junction-Load-Shed: true}. The refusal is written as the
 * response ({@link GatewayProblems.Refusal}), the cheapest answer the gateway has: a
 * route at its limit refuses most of what it is offered. It runs after rate limiting (a
 * request over its rate takes no place) and before the route's filters, so one client
 * request holds one permit through all its retries; the permit is released once, when the
 * response is written, the request fails, or the client goes away. Only requests answered
 * by the first instance they tried teach the adaptive limit their time.
 */
final class RouteLoadSheddingFilter implements GlobalFilter, Ordered {

	/** Order: after rate limiting, before body caching and the route's filters. */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 600;

	/** Route metadata that exempts a route when {@code false}. */
	static final String ENABLED_METADATA = "junction.load-shedding.enabled";

	/**
	 * The switch's path through nested metadata maps, split once rather than per request.
	 */
	private static final String[] ENABLED_METADATA_PATH = ENABLED_METADATA.split("\\.");

	private final GatewayLoadSheddingProperties properties;

	private final LimitSettings defaults;

	private final Map<String, LimitSettings> routeSettings = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, RouteLimiter> limiters = new ConcurrentHashMap<>();

	private final ObjectProvider<MeterRegistry> registry;

	private final LongSupplier nanoClock;

	RouteLoadSheddingFilter(GatewayLoadSheddingProperties properties, ObjectProvider<MeterRegistry> registry,
			LongSupplier nanoClock) {
		this.properties = properties;
		this.defaults = properties.defaults();
		properties.getRoutes().forEach((id, route) -> this.routeSettings.put(id, properties.settings(id, route)));
		this.registry = registry;
		this.nanoClock = nanoClock;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route == null || !isLimited(route)) {
			return chain.filter(exchange);
		}
		RouteLimiter limiter = this.limiters.computeIfAbsent(route.getId(), this::newLimiter);
		return Mono.defer(() -> {
			ConcurrencyLimiter.Permit permit = limiter.limiter().tryAcquire();
			if (permit == null) {
				return shed(exchange, limiter);
			}
			return chain.filter(exchange).doFinally((signal) -> {
				if (signal == SignalType.CANCEL || triedMoreThanOneInstance(exchange)) {
					permit.abandon();
				}
				else {
					permit.release();
				}
			});
		});
	}

	/**
	 * The limiter of a route, once it has one.
	 * @param routeId the route id
	 * @return its limiter, or {@code null} before its first limited request
	 */
	@Nullable ConcurrencyLimiter limiter(String routeId) {
		RouteLimiter limiter = this.limiters.get(routeId);
		return (limiter != null) ? limiter.limiter() : null;
	}

	/**
	 * Whether the request's attempts went to more than one instance: a try that failed or
	 * timed out on one instance was retried on another. Its time is mostly the failed
	 * try's (a hung instance's per-try timeout), which outlier detection deals with; as a
	 * sample of the route's latency it would cut the limit for every request, and a
	 * single hung instance would have healthy requests shed.
	 */
	private static boolean triedMoreThanOneInstance(ServerWebExchange exchange) {
		Set<?> tried = exchange.getAttribute(TriedInstances.ATTRIBUTE);
		return tried != null && tried.size() > 1;
	}

	private boolean isLimited(Route route) {
		GatewayLoadSheddingProperties.Route configured = this.properties.getRoutes().get(route.getId());
		if (configured != null && Boolean.FALSE.equals(configured.getEnabled())) {
			return false;
		}
		return !"false".equals(String.valueOf(metadata(route.getMetadata())));
	}

	/**
	 * The route's switch, whether its metadata names it as one key (YAML
	 * {@code "[junction.load-shedding.enabled]": false}) or as nested maps.
	 */
	private static @Nullable Object metadata(Map<String, Object> metadata) {
		Object flat = metadata.get(ENABLED_METADATA);
		if (flat != null) {
			return flat;
		}
		Object value = metadata;
		for (String part : ENABLED_METADATA_PATH) {
			if (!(value instanceof Map<?, ?> map)) {
				return null;
			}
			value = map.get(part);
		}
		return value;
	}

	private RouteLimiter newLimiter(String routeId) {
		LimitSettings settings = this.routeSettings.getOrDefault(routeId, this.defaults);
		ConcurrencyLimiter limiter = settings.newLimiter(this.nanoClock);
		this.registry.ifAvailable((registry) -> LoadSheddingMetrics.bind(registry, limiter, Tags.of("route", routeId)));
		return new RouteLimiter(routeId, limiter, settings);
	}

	private static Mono<Void> shed(ServerWebExchange exchange, RouteLimiter limiter) {
		HttpHeaders headers = exchange.getResponse().getHeaders();
		headers.set(GatewayHeaders.RETRY_AFTER, limiter.settings().retryAfterSeconds());
		headers.set(JunctionHeaders.LOAD_SHED, "true");
		return limiter.refusal().writeTo(exchange);
	}

	/**
	 * A route's limiter, its settings and its refusal, rendered once.
	 */
	private record RouteLimiter(ConcurrencyLimiter limiter, LimitSettings settings, GatewayProblems.Refusal refusal) {

		RouteLimiter(String routeId, ConcurrencyLimiter limiter, LimitSettings settings) {
			this(limiter, settings,
					GatewayProblems.refusal(HttpStatus.SERVICE_UNAVAILABLE, "load-shed",
							"The service behind route '" + routeId + "' is at its concurrency limit; retry after "
									+ settings.retryAfterSeconds() + " s."));
		}

	}

}
