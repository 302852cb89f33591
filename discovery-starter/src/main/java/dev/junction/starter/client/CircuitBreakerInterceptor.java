/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import java.io.IOException;
import java.io.UncheckedIOException;

import dev.junction.starter.JunctionHeaders;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;

import org.springframework.cloud.client.circuitbreaker.CircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.CircuitBreakerFactory;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Runs a blocking call through the Spring Cloud circuit breaker whose id is the called
 * service (the host of the {@code http://service-name/...} URI, read before the load
 * balancer replaces it). I/O errors and 5xx answers count as failures, except an answer
 * marked as shed ({@code Junction-Load-Shed}: the service is healthy but full); a 5xx
 * answer still reaches the caller unchanged, and an open circuit is reported as
 * {@link CircuitBreakerOpenException}. It wraps the retries, so one call that needed
 * three attempts counts once.
 */
class CircuitBreakerInterceptor implements ClientHttpRequestInterceptor {

	private final CircuitBreakerFactory<?, ?> factory;

	CircuitBreakerInterceptor(CircuitBreakerFactory<?, ?> factory) {
		this.factory = factory;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String serviceId = request.getURI().getHost();
		if (serviceId == null) {
			return execution.execute(request, body);
		}
		CircuitBreaker breaker = this.factory.create(serviceId);
		try {
			return breaker.run(() -> call(request, body, execution), (failure) -> fallback(serviceId, failure));
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
	}

	private static ClientHttpResponse call(HttpRequest request, byte[] body, ClientHttpRequestExecution execution) {
		try {
			ClientHttpResponse response = execution.execute(request, body);
			if (response.getStatusCode().is5xxServerError()
					&& !"true".equalsIgnoreCase(response.getHeaders().getFirst(JunctionHeaders.LOAD_SHED))) {
				throw new ServerErrorAnswer(response);
			}
			return response;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ClientHttpResponse fallback(String serviceId, Throwable failure) {
		if (failure instanceof ServerErrorAnswer answer) {
			return answer.response;
		}
		if (failure instanceof CallNotPermittedException) {
			throw new UncheckedIOException(new CircuitBreakerOpenException(serviceId, failure));
		}
		if (failure instanceof RuntimeException ex) {
			throw ex;
		}
		if (failure instanceof Error error) {
			throw error;
		}
		throw new IllegalStateException(failure);
	}

	/**
	 * A 5xx answer on its way through the circuit breaker, which counts exceptions only.
	 */
	private static final class ServerErrorAnswer extends RuntimeException {

		private final transient ClientHttpResponse response;

		ServerErrorAnswer(ClientHttpResponse response) {
			super(null, null, false, false);
			this.response = response;
		}

	}

}
