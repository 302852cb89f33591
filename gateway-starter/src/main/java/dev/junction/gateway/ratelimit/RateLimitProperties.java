/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Token-bucket rate limiting per route and client key, shared by all gateway replicas
 * through Redis.
 */
@ConfigurationProperties("junction.gateway.rate-limit")
public class RateLimitProperties {

	/**
	 * Whether requests are rate limited (routes without a limit are never limited).
	 */
	private boolean enabled = true;

	/**
	 * Prefix of every Redis key the limiter writes.
	 */
	private String keyPrefix = "junction:rate-limit:";

	/**
	 * Longest wait for Redis per request; a slower answer counts as Redis being down.
	 */
	private Duration redisTimeout = Duration.ofMillis(250);

	/**
	 * How long requests stop asking Redis after it failed repeatedly, before one request
	 * probes it again.
	 */
	private Duration redisRetryInterval = Duration.ofSeconds(1);

	/**
	 * How long a replica may spend a lease of tokens taken from a shared bucket in one
	 * Redis call before the rest is dropped; 0 takes every token from Redis one request
	 * at a time. Buckets smaller than 20 tokens are never leased.
	 */
	private Duration leaseTtl = Duration.ofSeconds(1);

	/**
	 * What happens while Redis is down: 'allow' limits each replica with a local bucket
	 * of the same size, 'deny' answers 503.
	 */
	private RedisDown whenRedisDown = RedisDown.ALLOW;

	/**
	 * Limit of routes without their own; none means such routes are not limited.
	 */
	private @Nullable Limit defaultLimit;

	/**
	 * Limit per route id.
	 */
	private final Map<String, Limit> routes = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public Duration getRedisTimeout() {
		return this.redisTimeout;
	}

	public void setRedisTimeout(Duration redisTimeout) {
		this.redisTimeout = redisTimeout;
	}

	public Duration getRedisRetryInterval() {
		return this.redisRetryInterval;
	}

	public void setRedisRetryInterval(Duration redisRetryInterval) {
		this.redisRetryInterval = redisRetryInterval;
	}

	public Duration getLeaseTtl() {
		return this.leaseTtl;
	}

	public void setLeaseTtl(Duration leaseTtl) {
		this.leaseTtl = leaseTtl;
	}

	public RedisDown getWhenRedisDown() {
		return this.whenRedisDown;
	}

	public void setWhenRedisDown(RedisDown whenRedisDown) {
		this.whenRedisDown = whenRedisDown;
	}

	public @Nullable Limit getDefaultLimit() {
		return this.defaultLimit;
	}

	public void setDefaultLimit(@Nullable Limit defaultLimit) {
		this.defaultLimit = defaultLimit;
	}

	public Map<String, Limit> getRoutes() {
		return this.routes;
	}

	/** What the limiter does while Redis cannot be reached. */
	public enum RedisDown {

		/** Keep limiting with a local in-memory bucket per replica. */
		ALLOW,

		/** Refuse requests with 503 until Redis is back. */
		DENY

	}

	/** Where the key of a client's bucket comes from. */
	public enum KeySource {

		/** The client address (trusted proxies considered). */
		CLIENT_ADDRESS,

		/** The X-Api-Key header; requests without one are keyed by client address. */
		API_KEY,

		/**
		 * The authenticated principal; anonymous requests are keyed by client address.
		 */
		PRINCIPAL

	}

	/** One route's bucket. */
	public static class Limit {

		// no defaults, and wrapper fields so that the configuration metadata shows none
		// either: a limit names its size and rate (validate says so when it does not)

		/**
		 * Bucket size: the most requests a client may send at once. Required.
		 */
		private @Nullable Integer capacity;

		/**
		 * Tokens added per second: the sustained request rate. Required.
		 */
		private @Nullable Double refillPerSecond;

		/**
		 * Where a client's key comes from.
		 */
		private KeySource key = KeySource.CLIENT_ADDRESS;

		public int getCapacity() {
			return (this.capacity != null) ? this.capacity : 0;
		}

		public void setCapacity(int capacity) {
			this.capacity = capacity;
		}

		public double getRefillPerSecond() {
			return (this.refillPerSecond != null) ? this.refillPerSecond : 0;
		}

		public void setRefillPerSecond(double refillPerSecond) {
			this.refillPerSecond = refillPerSecond;
		}

		public KeySource getKey() {
			return this.key;
		}

		public void setKey(KeySource key) {
			this.key = key;
		}

		void validate(String name) {
			if (getCapacity() < 1 || !(getRefillPerSecond() > 0)) {
				throw new IllegalStateException("Rate limit " + name
						+ " needs capacity >= 1 and refill-per-second > 0, both required " + "(was " + this.capacity
						+ ", " + this.refillPerSecond + "). Fix junction.gateway.rate-limit.");
			}
		}

	}

}
