/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Sends the current {@link CallContext} on with a reactive call: from the Reactor context
 * of the request being handled, else from the MDC of the subscribing thread (a servlet
 * app that blocks on the {@code WebClient}, a message listener).
 */
class CallContextExchangeFilter implements ExchangeFilterFunction {

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return Mono.deferContextual((context) -> {
			ClientRequest.Builder outgoing = ClientRequest.from(request);
			CallContext.from(context)
				.writeTo(request.headers()::containsHeader, (name, value) -> outgoing.header(name, value));
			return next.exchange(outgoing.build());
		});
	}

}
