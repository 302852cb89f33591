/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.resilience;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The circuit breaker and retries every route of a Junction edge gets.
 */
@ConfigurationProperties("junction.gateway.resilience")
public class RouteResilienceProperties {

	/**
	 * Whether every route gets Spring Cloud Gateway's CircuitBreaker and Retry filters
	 * (unless the route or the application's default-filters already name them).
	 */
	private boolean enabled = true;

	/**
	 * How many times an idempotent request is retried, on another instance.
	 */
	private int retries = 2;

	/**
	 * Methods that are retried: the idempotent ones (RFC 9110, 9.2.2).
	 */
	private List<String> retryMethods = new ArrayList<>(List.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"));

	/**
	 * Exceptions on which a request is retried: the request never got an answer.
	 */
	private List<String> retryExceptions = new ArrayList<>(
			List.of("java.io.IOException", "java.util.concurrent.TimeoutException"));

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getRetries() {
		return this.retries;
	}

	public void setRetries(int retries) {
		if (retries < 0) {
			throw new IllegalArgumentException("junction.gateway.resilience.retries must be 0 or more, not " + retries);
		}
		this.retries = retries;
	}

	public List<String> getRetryMethods() {
		return this.retryMethods;
	}

	public void setRetryMethods(List<String> retryMethods) {
		this.retryMethods = retryMethods;
	}

	public List<String> getRetryExceptions() {
		return this.retryExceptions;
	}

	public void setRetryExceptions(List<String> retryExceptions) {
		this.retryExceptions = retryExceptions;
	}

}
