/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.rollout;

import dev.junction.gateway.policy.VersionChoice;
import dev.junction.gateway.policy.VersionRoutingFilter;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;

/**
 * Counts every request a traffic policy routed into {@link EdgeTrafficFigures}, once per
 * request whatever the retries did: the version it was meant for, whether it failed (a
 * 5xx answer or an error), and how long it took. A request meant for the canary that went
 * to stable because no canary instance could take it counts as a failed canary request,
 * so an outage of the canary never looks like a clean run. Requests without a policy are
 * not counted.
 */
public class RolloutTrafficFilter implements GlobalFilter, Ordered {

	/** Outside the retries and the breaker, so each request counts once. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

	private final EdgeTrafficFigures figures;

	public RolloutTrafficFilter(EdgeTrafficFigures figures) {
		this.figures = figures;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		long started = System.nanoTime();
		return chain.filter(exchange).doFinally((signal) -> {
			if (signal != SignalType.CANCEL) {
				record(exchange, signal == SignalType.ON_ERROR, System.nanoTime() - started);
			}
		});
	}

	private void record(ServerWebExchange exchange, boolean error, long nanos) {
		String service = exchange.getAttribute(VersionRoutingFilter.SERVICE_ATTRIBUTE);
		VersionChoice choice = exchange.getAttribute(VersionRoutingFilter.CHOICE_ATTRIBUTE);
		if (service == null || choice == null) {
			return;
		}
		String routed = exchange.getAttribute(VersionRoutingFilter.VERSION_ATTRIBUTE);
		if (choice.canary() && !choice.version().equals(routed)) {
			this.figures.record(service, choice.version(), true, nanos);
			return;
		}
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		boolean failed = error || routed == null || (status != null && status.is5xxServerError());
		this.figures.record(service, (routed != null) ? routed : choice.version(), failed, nanos);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
