/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import dev.junction.starter.JunctionHeaders;

/**
 * Writes the correlation id {@link CorrelationIdWebFilter} gave a request into the
 * headers the edge sends on (HTTP and WebSocket routes, every try of a retried request),
 * replacing whatever the client sent under that name. It runs after Spring Cloud
 * Gateway's own header filters, whose result is already a copy of the request's headers,
 * so it adds the id to that copy instead of copying the headers once more.
 */
final class CorrelationIdHeadersFilter implements HttpHeadersFilter, Ordered {

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		String replacement = exchange.getAttribute(CorrelationIdWebFilter.REPLACEMENT_ATTRIBUTE);
		if (replacement == null) {
			return input;
		}
		// the request's own headers are read-only (a subclass); a plain instance is a
		// copy an earlier header filter made for the request being sent
		HttpHeaders headers = input;
		if (input.getClass() != HttpHeaders.class) {
			headers = new HttpHeaders();
			headers.addAll(input);
		}
		headers.set(JunctionHeaders.CORRELATION_ID, replacement);
		return headers;
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.REQUEST;
	}

}
