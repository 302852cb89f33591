/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shedding;

import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The reactive twin of {@link LoadSheddingFilter}. The permit is taken when the
 * exchange's handling is subscribed and released once, when it completes or fails (its
 * time is a sample for the limit) or is cancelled because the client went away (no
 * sample).
 */
public class LoadSheddingWebFilter implements WebFilter, Ordered {

	private final ConcurrencyLimiter limiter;

	private final LimitSettings settings;

	private final UnlimitedPaths unlimited;

	LoadSheddingWebFilter(ConcurrencyLimiter limiter, LimitSettings settings, UnlimitedPaths unlimited) {
		this.limiter = limiter;
		this.settings = settings;
		this.unlimited = unlimited;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (this.unlimited.matches(exchange.getRequest().getPath().pathWithinApplication().value())) {
			return chain.filter(exchange);
		}
		return Mono.defer(() -> {
			ConcurrencyLimiter.Permit permit = this.limiter.tryAcquire();
			if (permit == null) {
				return shed(exchange.getResponse());
			}
			return chain.filter(exchange).doFinally((signal) -> {
				if (signal == SignalType.CANCEL) {
					permit.abandon();
				}
				else {
					permit.release();
				}
			});
		});
	}

	private Mono<Void> shed(ServerHttpResponse response) {
		response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
		response.getHeaders().set(ShedResponse.RETRY_AFTER, this.settings.retryAfterSeconds());
		response.getHeaders().set(ShedResponse.LOAD_SHED, "true");
		response.getHeaders().set("Content-Type", ShedResponse.CONTENT_TYPE);
		DataBuffer body = response.bufferFactory().wrap(ShedResponse.body(this.settings.retryAfterSeconds()));
		return response.writeWith(Mono.just(body));
	}

	@Override
	public int getOrder() {
		return LoadSheddingFilter.ORDER;
	}

}
