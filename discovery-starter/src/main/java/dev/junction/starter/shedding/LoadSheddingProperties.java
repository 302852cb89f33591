/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shedding;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Load shedding of the app's inbound requests: a concurrency limit that answers what
 * exceeds it at once with {@code 503}, instead of letting requests queue until they time
 * out. The probes and actuator are never limited.
 */
@ConfigurationProperties("junction.load-shedding")
public class LoadSheddingProperties {

	/**
	 * Whether inbound requests are limited.
	 */
	private boolean enabled = true;

	/**
	 * Which limit: 'adaptive' follows the latency between min-limit and max-limit,
	 * 'fixed' is always fixed-limit.
	 */
	private LimitSettings.Kind limit = LimitSettings.Kind.ADAPTIVE;

	/**
	 * Most requests in flight at once when the limit is fixed.
	 */
	private int fixedLimit = 100;

	/**
	 * Adaptive limit at start-up, before the latency moves it.
	 */
	private int initialLimit = 50;

	/**
	 * Lowest the adaptive limit falls to however slow the app gets, but for the moments
	 * of an overload when a probe admits a quarter of the limit to measure the no-load
	 * time.
	 */
	private int minLimit = 10;

	/**
	 * Highest the adaptive limit grows to. A servlet app never has more requests in
	 * flight than Tomcat threads (server.tomcat.threads.max, 200).
	 */
	private int maxLimit = 500;

	/**
	 * What the Retry-After header of a refused request says (whole seconds, at least 1).
	 */
	private Duration retryAfter = Duration.ofSeconds(1);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public LimitSettings.Kind getLimit() {
		return this.limit;
	}

	public void setLimit(LimitSettings.Kind limit) {
		this.limit = limit;
	}

	public int getFixedLimit() {
		return this.fixedLimit;
	}

	public void setFixedLimit(int fixedLimit) {
		this.fixedLimit = fixedLimit;
	}

	public int getInitialLimit() {
		return this.initialLimit;
	}

	public void setInitialLimit(int initialLimit) {
		this.initialLimit = initialLimit;
	}

	public int getMinLimit() {
		return this.minLimit;
	}

	public void setMinLimit(int minLimit) {
		this.minLimit = minLimit;
	}

	public int getMaxLimit() {
		return this.maxLimit;
	}

	public void setMaxLimit(int maxLimit) {
		this.maxLimit = maxLimit;
	}

	public Duration getRetryAfter() {
		return this.retryAfter;
	}

	public void setRetryAfter(Duration retryAfter) {
		this.retryAfter = retryAfter;
	}

	/**
	 * The checked settings.
	 * @return the settings
	 * @throws IllegalStateException when a value is wrong
	 */
	public LimitSettings toSettings() {
		return new LimitSettings(this.limit, this.fixedLimit, this.initialLimit, this.minLimit, this.maxLimit,
				this.retryAfter)
			.validate("junction.load-shedding");
	}

}
