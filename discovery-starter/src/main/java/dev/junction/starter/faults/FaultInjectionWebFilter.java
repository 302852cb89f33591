/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.faults;

import dev.junction.starter.JunctionHeaders;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The reactive twin of {@link FaultInjectionFilter}: a delay holds the request without
 * holding a thread, an abort answers the status with a problem body.
 */
public class FaultInjectionWebFilter implements WebFilter, Ordered {

	private final FaultInjection faults;

	public FaultInjectionWebFilter(FaultInjection faults) {
		this.faults = faults;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (FaultExclusions.isExcluded(exchange.getRequest().getPath().value())) {
			return chain.filter(exchange);
		}
		FaultInjection.Fault fault = this.faults.next();
		if (fault == null) {
			return chain.filter(exchange);
		}
		ServerHttpResponse response = exchange.getResponse();
		response.getHeaders().set(JunctionHeaders.FAULT, fault.marker());
		Mono<Void> handled = (fault.abortStatus() == 0) ? chain.filter(exchange) : Mono.defer(() -> {
			response.setStatusCode(HttpStatusCode.valueOf(fault.abortStatus()));
			response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
			DataBuffer body = response.bufferFactory().wrap(fault.problem());
			return response.writeWith(Mono.just(body));
		});
		return fault.delay().isZero() ? handled : Mono.delay(fault.delay()).then(handled);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 20;
	}

}
