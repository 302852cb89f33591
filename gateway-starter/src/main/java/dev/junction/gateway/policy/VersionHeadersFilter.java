/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import dev.junction.starter.JunctionHeaders;

/**
 * Writes the version {@link VersionRoutingFilter} chose into the request the gateway
 * sends on ({@code X-Junction-Version}, replacing whatever the client sent under that
 * name), so the service and its own calls stay on it. It runs after Spring Cloud
 * Gateway's own header filters, whose result is already a copy of the request's headers,
 * so it adds the header to that copy instead of copying the headers once more.
 */
final class VersionHeadersFilter implements HttpHeadersFilter, Ordered {

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		String version = exchange.getAttribute(VersionRoutingFilter.VERSION_ATTRIBUTE);
		if (version == null) {
			return input;
		}
		// the request's own headers are read-only (a subclass); a plain instance is a
		// copy an earlier header filter made for the request being sent
		HttpHeaders headers = input;
		if (input.getClass() != HttpHeaders.class) {
			headers = new HttpHeaders();
			headers.addAll(input);
		}
		headers.set(JunctionHeaders.VERSION, version);
		return headers;
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.REQUEST;
	}

}
