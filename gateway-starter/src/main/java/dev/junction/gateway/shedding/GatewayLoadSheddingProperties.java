/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.shedding;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.junction.starter.shedding.LimitSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Load shedding per route: each route has its own concurrency limit, and what exceeds it
 * is answered {@code 503} at once instead of queueing in front of a saturated service.
 * The keys here are every route's; {@code routes.<route-id>.*} overrides them for one
 * route.
 */
@ConfigurationProperties("junction.gateway.load-shedding")
public class GatewayLoadSheddingProperties {

	static final String PREFIX = "junction.gateway.load-shedding";

	/**
	 * Whether routes are limited (a route's metadata 'junction.load-shedding.enabled:
	 * false' or routes.<id>.enabled=false exempts one).
	 */
	private boolean enabled = true;

	/**
	 * Which limit: 'adaptive' follows each route's latency between min-limit and
	 * max-limit, 'fixed' is always fixed-limit.
	 */
	private LimitSettings.Kind limit = LimitSettings.Kind.ADAPTIVE;

	/**
	 * Most requests in flight at once per route when the limit is fixed.
	 */
	private int fixedLimit = 200;

	/**
	 * Adaptive limit of a route at start-up, before the latency moves it.
	 */
	private int initialLimit = 100;

	/**
	 * Lowest a route's adaptive limit falls to however slow its service gets, but for the
	 * moments of an overload when a probe admits a quarter of the limit to measure the
	 * no-load time.
	 */
	private int minLimit = 20;

	/**
	 * Highest a route's adaptive limit grows to (the HTTP client's pool holds 1000
	 * connections).
	 */
	private int maxLimit = 1000;

	/**
	 * What the Retry-After header of a refused request says (whole seconds, at least 1).
	 */
	private Duration retryAfter = Duration.ofSeconds(1);

	/**
	 * Settings of single routes, by route id; what a route leaves out is the keys above.
	 */
	private final Map<String, Route> routes = new LinkedHashMap<>();

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

	public Map<String, Route> getRoutes() {
		return this.routes;
	}

	/**
	 * The checked settings of every route without its own.
	 * @return the settings
	 */
	LimitSettings defaults() {
		return new LimitSettings(this.limit, this.fixedLimit, this.initialLimit, this.minLimit, this.maxLimit,
				this.retryAfter)
			.validate(PREFIX);
	}

	/**
	 * The checked settings of one configured route.
	 * @param id the route id
	 * @param route its settings
	 * @return the settings, the route's own keys over the defaults
	 */
	LimitSettings settings(String id, Route route) {
		return new LimitSettings(or(route.limit, this.limit), or(route.fixedLimit, this.fixedLimit),
				or(route.initialLimit, this.initialLimit), or(route.minLimit, this.minLimit),
				or(route.maxLimit, this.maxLimit), or(route.retryAfter, this.retryAfter))
			.validate(PREFIX + ".routes." + id);
	}

	private static <T> T or(@Nullable T value, T otherwise) {
		return (value != null) ? value : otherwise;
	}

	/** One route's settings; each key left out is the gateway-wide one. */
	public static class Route {

		// wrapper fields without initializers: a route inherits what it leaves out

		/**
		 * Whether the route is limited.
		 */
		private @Nullable Boolean enabled;

		/**
		 * The route's kind of limit, 'adaptive' or 'fixed'.
		 */
		private LimitSettings.@Nullable Kind limit;

		/**
		 * The route's fixed limit.
		 */
		private @Nullable Integer fixedLimit;

		/**
		 * The route's adaptive limit at start-up.
		 */
		private @Nullable Integer initialLimit;

		/**
		 * The route's lowest adaptive limit.
		 */
		private @Nullable Integer minLimit;

		/**
		 * The route's highest adaptive limit.
		 */
		private @Nullable Integer maxLimit;

		/**
		 * The route's Retry-After.
		 */
		private @Nullable Duration retryAfter;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public LimitSettings.@Nullable Kind getLimit() {
			return this.limit;
		}

		public void setLimit(LimitSettings.@Nullable Kind limit) {
			this.limit = limit;
		}

		public @Nullable Integer getFixedLimit() {
			return this.fixedLimit;
		}

		public void setFixedLimit(@Nullable Integer fixedLimit) {
			this.fixedLimit = fixedLimit;
		}

		public @Nullable Integer getInitialLimit() {
			return this.initialLimit;
		}

		public void setInitialLimit(@Nullable Integer initialLimit) {
			this.initialLimit = initialLimit;
		}

		public @Nullable Integer getMinLimit() {
			return this.minLimit;
		}

		public void setMinLimit(@Nullable Integer minLimit) {
			this.minLimit = minLimit;
		}

		public @Nullable Integer getMaxLimit() {
			return this.maxLimit;
		}

		public void setMaxLimit(@Nullable Integer maxLimit) {
			this.maxLimit = maxLimit;
		}

		public @Nullable Duration getRetryAfter() {
			return this.retryAfter;
		}

		public void setRetryAfter(@Nullable Duration retryAfter) {
			this.retryAfter = retryAfter;
		}

	}

}
