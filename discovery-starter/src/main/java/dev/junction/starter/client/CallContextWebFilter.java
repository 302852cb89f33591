/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import dev.junction.starter.JunctionHeaders;
import dev.junction.starter.JunctionMdc;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The reactive twin of {@link CallContextFilter}: keeps the incoming request's values in
 * the Reactor context of its handling, where the load-balanced {@code WebClient} finds
 * them.
 */
public class CallContextWebFilter implements WebFilter, Ordered {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpHeaders headers = exchange.getRequest().getHeaders();
		CallContext context = CallContext.incoming(headers.getFirst(JunctionHeaders.VERSION),
				headers.getFirst(JunctionHeaders.CORRELATION_ID));
		return chain.filter(exchange).contextWrite((current) -> {
			Context updated = current.put(JunctionMdc.CORRELATION_ID, context.correlationId());
			return (context.version() != null) ? updated.put(JunctionMdc.VERSION, context.version()) : updated;
		});
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 20;
	}

}
