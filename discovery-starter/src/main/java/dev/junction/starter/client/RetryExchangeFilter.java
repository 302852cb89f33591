/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import java.io.IOException;

import dev.junction.starter.discovery.TriedInstances;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * The reactive twin of {@link RetryInterceptor}: an idempotent call whose request failed
 * (connect, I/O, response timeout) is made again through the load balancer, on an
 * instance the call has not tried yet while there is one ({@link TriedInstances}). Spring
 * Cloud's reactive retry is used for GET only by default, which is why this one exists.
 */
class RetryExchangeFilter implements ExchangeFilterFunction {

	private final int maxAttempts;

	RetryExchangeFilter(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		if (this.maxAttempts <= 1 || !IdempotentMethods.contains(request.method())) {
			return next.exchange(request);
		}
		// the record of instances tried travels as
		// a request attribute to the load balancer
		ClientRequest recorded = ClientRequest.from(request)
			.attribute(TriedInstances.ATTRIBUTE, TriedInstances.newRecord())
			.build();
		return Mono.defer(() -> next.exchange(recorded))
			.retryWhen(Retry.max(this.maxAttempts - 1L)
				.filter((failure) -> failure instanceof WebClientRequestException || failure instanceof IOException)
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()));
	}

}
