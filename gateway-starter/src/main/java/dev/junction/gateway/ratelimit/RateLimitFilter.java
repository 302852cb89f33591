/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.ratelimit;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.junction.gateway.GatewayHeaders;
import dev.junction.gateway.edge.GatewayProblems;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

/**
 * Takes one token per request from the bucket of its route and client, and refuses the
 * request with {@code 429} when the bucket is empty, with {@code Retry-After} and the
 * {@code RateLimit-*} headers. The refusal is written as the response at once
 * ({@link GatewayProblems.Refusal}): it is what a client over its rate gets for every
 * further request, so it has to be the cheapest answer the gateway gives. It runs before
 * the route's filters (circuit breaker, retry) and before request bodies are cached, so a
 * refused request costs neither a retry, a breaker failure nor its body in memory.
 */
final class RateLimitFilter implements GlobalFilter, Ordered, ApplicationListener<ApplicationReadyEvent> {

	/** Order: after the body-size check, before body caching and the route's filters. */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 500;

	/** The refusals, one per Retry-After. */
	private static final Refusals TOO_MANY_REQUESTS = new Refusals();

	private final RateLimiter limiter;

	private final RateLimitKeys keys;

	private final Map<String, RateLimitProperties.Limit> routes;

	private final RateLimitProperties.@Nullable Limit defaultLimit;

	RateLimitFilter(RateLimiter limiter, RateLimitKeys keys, RateLimitProperties properties) {
		this.limiter = limiter;
		this.keys = keys;
		this.routes = Map.copyOf(properties.getRoutes());
		this.defaultLimit = properties.getDefaultLimit();
		this.routes.forEach((route, limit) -> limit.validate("routes." + route));
		if (this.defaultLimit != null) {
			this.defaultLimit.validate("default-limit");
		}
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		this.limiter.warmUp();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		RateLimitProperties.Limit limit = (route != null) ? this.routes.getOrDefault(route.getId(), this.defaultLimit)
				: null;
		if (route == null || limit == null) {
			return chain.filter(exchange);
		}
		return this.keys.key(exchange, limit.getKey())
			.flatMap((key) -> this.limiter.take(route.getId() + ":" + key, limit))
			.flatMap((state) -> {
				if (!state.allowed()) {
					return tooManyRequests(exchange, limit, state);
				}
				setHeaders(exchange.getResponse().getHeaders(), limit, state);
				return chain.filter(exchange);
			});
	}

	private static Mono<Void> tooManyRequests(ServerWebExchange exchange, RateLimitProperties.Limit limit,
			BucketState state) {
		long retryAfter = Math.max(1, seconds(state.millisUntilAllowed()));
		HttpHeaders headers = exchange.getResponse().getHeaders();
		setHeaders(headers, limit, state);
		headers.set(GatewayHeaders.RETRY_AFTER, Long.toString(retryAfter));
		return TOO_MANY_REQUESTS.refusal(retryAfter).writeTo(exchange);
	}

	private static void setHeaders(HttpHeaders headers, RateLimitProperties.Limit limit, BucketState state) {
		headers.set(GatewayHeaders.RATE_LIMIT_LIMIT, Integer.toString(limit.getCapacity()));
		headers.set(GatewayHeaders.RATE_LIMIT_REMAINING, Long.toString(Math.max(0, state.remaining())));
		headers.set(GatewayHeaders.RATE_LIMIT_RESET, Long.toString(seconds(state.millisUntilFull())));
	}

	private static long seconds(long millis) {
		return (millis + 999) / 1000;
	}

	/**
	 * The {@code 429} bodies, one per {@code Retry-After} of up to a minute, each
	 * rendered on its first use.
	 */
	private static final class Refusals {

		private final AtomicReferenceArray<GatewayProblems.Refusal> refusals = new AtomicReferenceArray<>(61);

		GatewayProblems.Refusal refusal(long retryAfter) {
			if (retryAfter >= this.refusals.length()) {
				return render(retryAfter);
			}
			GatewayProblems.Refusal refusal = this.refusals.get((int) retryAfter);
			if (refusal == null) {
				refusal = render(retryAfter);
				this.refusals.set((int) retryAfter, refusal);
			}
			return refusal;
		}

		private static GatewayProblems.Refusal render(long retryAfter) {
			return GatewayProblems.refusal(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
					"Too many requests on this route; retry after " + retryAfter + " s.");
		}

	}

}
