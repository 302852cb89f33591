/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes a value a filter decided for the request, kept as an exchange attribute, into
 * one header of the request the gateway sends on (HTTP and WebSocket routes, every try of
 * a retried request), replacing whatever the client sent under that name: the edge's
 * correlation id and the version a traffic policy chose. It runs after Spring Cloud
 * Gateway's own header filters, whose result is already a copy of the request's headers,
 * so it adds the header to that copy instead of copying the request's headers to carry
 * it.
 */
public final class AttributeHeaderFilter implements HttpHeadersFilter, Ordered {

	private final String attribute;

	private final String header;

	/**
	 * A filter for one attribute.
	 * @param attribute the exchange attribute holding the value, a {@code String}
	 * @param header the header it is sent in
	 */
	public AttributeHeaderFilter(String attribute, String header) {
		this.attribute = attribute;
		this.header = header;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		String value = exchange.getAttribute(this.attribute);
		if (value == null) {
			return input;
		}
		HttpHeaders headers = CopyOnceHeaderFilters.changeable(input);
		headers.set(this.header, value);
		return headers;
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.REQUEST;
	}

}
