/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/**
 * The load-balanced {@code RestClient.Builder} and {@code WebClient.Builder} beans and
 * what travels with their calls.
 */
@ConfigurationProperties("junction.client")
public class ClientProperties {

	/**
	 * Whether to provide the load-balanced RestClient.Builder and WebClient.Builder beans
	 * (qualified with {@code @LoadBalanced}).
	 */
	private boolean enabled = true;

	/**
	 * How long a load-balanced call may take to connect to an instance.
	 */
	private Duration connectTimeout = Duration.ofSeconds(1);

	/**
	 * How long a load-balanced call may wait for the response once connected.
	 */
	private Duration readTimeout = Duration.ofSeconds(5);

	private final Retry retry = new Retry();

	private final CircuitBreaker circuitBreaker = new CircuitBreaker();

	private final Propagation propagation = new Propagation();

	/**
	 * Settings per called service, by service name.
	 */
	private final Map<String, Service> services = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	public Propagation getPropagation() {
		return this.propagation;
	}

	public Map<String, Service> getServices() {
		return this.services;
	}

	/**
	 * The per-try timeout of idempotent calls to a service.
	 * @param service the called service
	 * @return its own, or {@code junction.client.retry.per-try-timeout}
	 */
	Duration perTryTimeout(String service) {
		Service settings = this.services.get(service);
		return (settings != null && settings.getPerTryTimeout() != null) ? settings.getPerTryTimeout()
				: this.retry.getPerTryTimeout();
	}

	/**
	 * Retries of idempotent calls on another instance.
	 */
	public static class Retry {

		/**
		 * Whether an idempotent call (GET, HEAD, OPTIONS, TRACE, PUT, DELETE) that fails
		 * without an answer (I/O error, per-try timeout) or answers a retried status is
		 * tried again on another instance, within the call's deadline and the service's
		 * retry budget.
		 */
		private boolean enabled = true;

		/**
		 * Attempts of an idempotent call in total, the first one included.
		 */
		private int maxAttempts = 3;

		/**
		 * How long one attempt of an idempotent call may wait for its answer before it is
		 * given up and tried on another instance (a non-idempotent call waits
		 * read-timeout). Per service: junction.client.services.<name>.per-try-timeout.
		 */
		private Duration perTryTimeout = Duration.ofSeconds(1);

		/**
		 * Time from the first attempt of an idempotent call after which it is not tried
		 * again: retries and the waits before them end within it.
		 */
		private Duration deadline = Duration.ofSeconds(5);

		/**
		 * Answer statuses on which an idempotent call is retried (besides failures
		 * without an answer). A 503 says the instance could not serve now, so another
		 * may; 502 and 504 usually report a dependency further down, which a retry would
		 * only load more.
		 */
		private List<Integer> statuses = new ArrayList<>(List.of(503));

		private final Backoff backoff = new Backoff();

		private final Budget budget = new Budget();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
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

		public List<Integer> getStatuses() {
			return this.statuses;
		}

		public void setStatuses(List<Integer> statuses) {
			this.statuses = statuses;
		}

		public Backoff getBackoff() {
			return this.backoff;
		}

		public Budget getBudget() {
			return this.budget;
		}

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
	 * How many retries the calls to one service may make together.
	 */
	public static class Budget {

		/**
		 * Share of the calls to a service over the window that may be retried.
		 */
		private double ratio = 0.2;

		/**
		 * Retries per second of the window allowed whatever the number of calls.
		 */
		private int minRetriesPerSecond = 10;

		/**
		 * How far back calls and retries count.
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

	/**
	 * Settings of the calls to one service.
	 */
	public static class Service {

		/**
		 * How long one attempt of an idempotent call to the service may wait for its
		 * answer; none: junction.client.retry.per-try-timeout.
		 */
		private @Nullable Duration perTryTimeout;

		public @Nullable Duration getPerTryTimeout() {
			return this.perTryTimeout;
		}

		public void setPerTryTimeout(@Nullable Duration perTryTimeout) {
			this.perTryTimeout = perTryTimeout;
		}

	}

	/**
	 * A circuit breaker per called service.
	 */
	public static class CircuitBreaker {

		/**
		 * Whether calls go through a Spring Cloud CircuitBreaker (Resilience4j) whose id
		 * is the called service's name; I/O errors and 5xx answers count as failures.
		 */
		private boolean enabled = true;

		/**
		 * Percentage of failed calls in the sliding window at which the breaker opens.
		 */
		private float failureRateThreshold = 50;

		/**
		 * Number of most recent calls the failure rate is computed over.
		 */
		private int slidingWindowSize = 20;

		/**
		 * Calls needed in the window before the failure rate can open the breaker.
		 */
		private int minimumNumberOfCalls = 10;

		/**
		 * How long an open breaker fails calls fast before letting trial calls through.
		 */
		private Duration waitDurationInOpenState = Duration.ofSeconds(5);

		/**
		 * Trial calls let through while half-open to decide whether to close again.
		 */
		private int permittedCallsInHalfOpenState = 3;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public int getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		public void setSlidingWindowSize(int slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		public int getMinimumNumberOfCalls() {
			return this.minimumNumberOfCalls;
		}

		public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
			this.minimumNumberOfCalls = minimumNumberOfCalls;
		}

		public Duration getWaitDurationInOpenState() {
			return this.waitDurationInOpenState;
		}

		public void setWaitDurationInOpenState(Duration waitDurationInOpenState) {
			this.waitDurationInOpenState = waitDurationInOpenState;
		}

		public int getPermittedCallsInHalfOpenState() {
			return this.permittedCallsInHalfOpenState;
		}

		public void setPermittedCallsInHalfOpenState(int permittedCallsInHalfOpenState) {
			this.permittedCallsInHalfOpenState = permittedCallsInHalfOpenState;
		}

		/** The Resilience4j configuration these settings describe. */
		CircuitBreakerConfig toConfig() {
			return CircuitBreakerConfig.custom()
				.failureRateThreshold(this.failureRateThreshold)
				.slidingWindowSize(this.slidingWindowSize)
				.minimumNumberOfCalls(this.minimumNumberOfCalls)
				.waitDurationInOpenState(this.waitDurationInOpenState)
				.permittedNumberOfCallsInHalfOpenState(this.permittedCallsInHalfOpenState)
				.build();
		}

	}

	/**
	 * What travels from an incoming request to the calls made while handling it.
	 */
	public static class Propagation {

		/**
		 * Whether the incoming Junction-Version and X-Correlation-Id (one is started when
		 * missing) are kept for the request (MDC, Reactor context) and sent on with
		 * load-balanced calls. W3C trace context travels through Micrometer Tracing when
		 * it is present.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
