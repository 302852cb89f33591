/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import java.io.IOException;

/**
 * A load-balanced call that was not made because the circuit breaker of the called
 * service is open. It is an {@link IOException} so that the clients report it the way
 * they report an unreachable service ({@code ResourceAccessException} from
 * {@code RestClient}, {@code WebClientRequestException} from {@code WebClient}), which is
 * what a caller's fallback already handles.
 */
public class CircuitBreakerOpenException extends IOException {

	private final String serviceId;

	public CircuitBreakerOpenException(String serviceId, Throwable cause) {
		super("Circuit breaker of '" + serviceId + "' is open: not calling it for now", cause);
		this.serviceId = serviceId;
	}

	/** The service whose circuit breaker is open. */
	public String getServiceId() {
		return this.serviceId;
	}

}
