/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.junction.starter.CorrelationIds;
import dev.junction.starter.JunctionHeaders;

/**
 * Every request the edge passes on carries a sane {@code X-Correlation-Id}: the client's
 * own when it keeps the starter's rule ({@link CorrelationIds}), else one of the edge's.
 * A client's id travels into the services' logs, outgoing calls, AMQP properties and the
 * outbox's {@code varchar(255)} column; a 300-character or control-character id would
 * fail those writes, or forge log lines, so it never leaves the edge.
 * <p>
 * The replacement id is kept as an exchange attribute, and an
 * {@link AttributeHeaderFilter} writes it into the request the edge sends on: a request
 * mutated here would copy every header of every request that comes without an id, the
 * common case, which was the edge's largest cost of its own per request.
 */
final class CorrelationIdWebFilter implements WebFilter, Ordered {

	/** Right after the refusal of ambiguous paths: a refused request needs no id. */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

	/** The id the edge gives a request that came without a sane one of its own. */
	static final String REPLACEMENT_ATTRIBUTE = CorrelationIdWebFilter.class.getName() + ".replacement";

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String received = exchange.getRequest().getHeaders().getFirst(JunctionHeaders.CORRELATION_ID);
		if (CorrelationIds.isAcceptable(received)
				&& exchange.getRequest().getHeaders().getValuesAsList(JunctionHeaders.CORRELATION_ID).size() == 1) {
			return chain.filter(exchange);
		}
		exchange.getAttributes().put(REPLACEMENT_ATTRIBUTE, CorrelationIds.sanitize(received));
		return chain.filter(exchange);
	}

}
