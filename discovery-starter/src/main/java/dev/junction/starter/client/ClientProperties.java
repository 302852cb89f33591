/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import java.time.Duration;

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

	/**
	 * Retries of idempotent calls on another instance.
	 */
	public static class Retry {

		/**
		 * Whether an idempotent call (GET, HEAD, OPTIONS, TRACE, PUT, DELETE) that fails
		 * with an I/O error is tried again on another instance.
		 */
		private boolean enabled = true;

		/**
		 * Attempts of an idempotent call in total, the first one included.
		 */
		private int maxAttempts = 3;

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
