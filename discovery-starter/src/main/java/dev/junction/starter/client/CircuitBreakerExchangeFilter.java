/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import dev.junction.starter.JunctionHeaders;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * The reactive twin of {@link CircuitBreakerInterceptor}, on Spring Cloud's
 * {@link ReactiveCircuitBreakerFactory}: failures and 5xx answers count (a shed answer
 * does not), a 5xx answer reaches the caller unchanged. An open circuit is reported as a
 * {@link WebClientRequestException} caused by {@link CircuitBreakerOpenException}.
 */
class CircuitBreakerExchangeFilter implements ExchangeFilterFunction {

	private final ReactiveCircuitBreakerFactory<?, ?> factory;

	CircuitBreakerExchangeFilter(ReactiveCircuitBreakerFactory<?, ?> factory) {
		this.factory = factory;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		String serviceId = request.url().getHost();
		if (serviceId == null) {
			return next.exchange(request);
		}
		Mono<ClientResponse> call = Mono.defer(() -> next.exchange(request))
			.flatMap((response) -> (response.statusCode().is5xxServerError() && !isShed(response))
					? Mono.error(new ServerErrorAnswer(response)) : Mono.just(response));
		return this.factory.create(serviceId).run(call, (failure) -> {
			if (failure instanceof ServerErrorAnswer answer) {
				return Mono.just(answer.response);
			}
			if (failure instanceof CallNotPermittedException) {
				return Mono.error(new WebClientRequestException(new CircuitBreakerOpenException(serviceId, failure),
						request.method(), request.url(), request.headers()));
			}
			return Mono.error(failure);
		});
	}

	private static boolean isShed(ClientResponse response) {
		return "true".equalsIgnoreCase(response.headers().asHttpHeaders().getFirst(JunctionHeaders.LOAD_SHED));
	}

	/**
	 * A 5xx answer on its way through the circuit breaker, which counts errors only.
	 */
	private static final class ServerErrorAnswer extends RuntimeException {

		private final transient ClientResponse response;

		ServerErrorAnswer(ClientResponse response) {
			super(null, null, false, false);
			this.response = response;
		}

	}

}
