/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.resilience;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The circuit breaker and retries every route of a Junction edge gets.
 */
@ConfigurationProperties("junction.gateway.resilience")
public class RouteResilienceProperties {

	/**
	 * Whether every route gets Junction's circuit breaker and retry filters
	 * (JunctionCircuitBreaker, JunctionRetry), unless the application's default-filters
	 * already name them or Spring Cloud Gateway's CircuitBreaker and Retry.
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

	/**
	 * Answer statuses on which an idempotent request is retried (besides failures without
	 * an answer), honouring the answer's Retry-After. A 503 says the instance could not
	 * serve now, so another may; 502 and 504 usually report a dependency further down,
	 * which a retry would only load more. The retry budget bounds the load either way.
	 */
	private List<Integer> retryStatuses = new ArrayList<>(List.of(503));

	/**
	 * How long one attempt of an idempotent request may wait for its answer before it is
	 * given up and tried on another instance; per route: metadata per-try-timeout.
	 * Non-idempotent requests wait the route's response-timeout.
	 */
	private Duration perTryTimeout = Duration.ofSeconds(1);

	/**
	 * Time from the first attempt of an idempotent request within which its retries and
	 * the waits before them end; when it passes, the answer is a 504 problem. Per route:
	 * metadata deadline.
	 */
	private Duration deadline = Duration.ofSeconds(5);

	private final Backoff backoff = new Backoff();

	private final Budget budget = new Budget();

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

	public List<Integer> getRetryStatuses() {
		return this.retryStatuses;
	}

	public void setRetryStatuses(List<Integer> retryStatuses) {
		this.retryStatuses = retryStatuses;
	}

	public Duration getPerTryTimeout() {
		return this.perTryTimeout;
	}

	public void setPerTryTimeout(Duration perTryTimeout) {
		this.perTryTimeout = perTryTimeout;
	}

	public Duration getDeadline() {
		return this.deadline;
	}

	public void setDeadline(Duration deadline) {
		this.deadline = deadline;
	}

	public Backoff getBackoff() {
		return this.backoff;
	}

	public Budget getBudget() {
		return this.budget;
	}

	/**
	 * The wait before a retry: exponential, with full jitter (a random wait from 0 to the
	 * current ceiling).
	 */
	public static class Backoff {

		/**
		 * Ceiling of the wait before the first retry.
		 */
		private Duration first = Duration.ofMillis(50);

		/**
		 * How much the ceiling grows from one retry to the next.
		 */
		private double factor = 2;

		/**
		 * Highest ceiling of the wait before a retry.
		 */
		private Duration max = Duration.ofSeconds(1);

		public Duration getFirst() {
			return this.first;
		}

		public void setFirst(Duration first) {
			this.first = first;
		}

		public double getFactor() {
			return this.factor;
		}

		public void setFactor(double factor) {
			this.factor = factor;
		}

		public Duration getMax() {
			return this.max;
		}

		public void setMax(Duration max) {
			this.max = max;
		}

	}

	/**
	 * How many retries the requests of one route may make together.
	 */
	public static class Budget {

		/**
		 * Share of a route's requests over the window that may be retried.
		 */
		private double ratio = 0.2;

		/**
		 * Retries per second of the window allowed whatever the number of requests.
		 */
		private int minRetriesPerSecond = 10;

		/**
		 * How far back requests and retries count.
		 */
		private Duration window = Duration.ofSeconds(10);

		public double getRatio() {
			return this.ratio;
		}

		public void setRatio(double ratio) {
			this.ratio = ratio;
		}

		public int getMinRetriesPerSecond() {
			return this.minRetriesPerSecond;
		}

		public void setMinRetriesPerSecond(int minRetriesPerSecond) {
			this.minRetriesPerSecond = minRetriesPerSecond;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

	}

}
