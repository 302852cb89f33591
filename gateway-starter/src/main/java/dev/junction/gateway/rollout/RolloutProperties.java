/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.rollout;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Rollouts that promote or roll back themselves.
 */
@ConfigurationProperties("junction.gateway.rollouts")
public class RolloutProperties {

	/**
	 * Whether the gateway counts traffic per version and runs the rollouts described in
	 * Consul KV (one replica at a time, by leader election).
	 */
	private boolean enabled = true;

	/**
	 * KV prefix of the rollout specs; a service's spec is its name below it.
	 */
	private String specPrefix = "junction/rollouts/";

	/**
	 * KV prefix of the statuses the controller writes (and nobody else).
	 */
	private String statusPrefix = "junction/rollouts-status/";

	/**
	 * KV prefix of the actions people ask for: {"action": "pause" | "resume" | "abort" |
	 * "promote"} at the service's name; the controller applies and deletes them.
	 */
	private String actionPrefix = "junction/rollouts-actions/";

	/**
	 * KV key whose lock makes a replica the one that runs the rollouts.
	 */
	private String leaderKey = "junction/leader/rollouts";

	/**
	 * TTL of the leader's Consul session (10s to 86400s); a leader that cannot renew for
	 * two thirds of it stops acting.
	 */
	private Duration sessionTtl = Duration.ofSeconds(10);

	/**
	 * Lock delay of the leader's session (0 to 60s): how long after a leader died the
	 * lock stays untaken.
	 */
	private Duration lockDelay = Duration.ofSeconds(1);

	/**
	 * How long after an interval ends before it is judged, so every replica's figures of
	 * its last second have been flushed.
	 */
	private Duration grace = Duration.ofSeconds(2);

	/**
	 * Prefix of the Redis keys that hold each replica's traffic figures per service,
	 * version and second.
	 */
	private String redisKeyPrefix = "junction:rollout:";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getSpecPrefix() {
		return this.specPrefix;
	}

	public void setSpecPrefix(String specPrefix) {
		this.specPrefix = prefix(specPrefix, "spec-prefix");
	}

	public String getStatusPrefix() {
		return this.statusPrefix;
	}

	public void setStatusPrefix(String statusPrefix) {
		this.statusPrefix = prefix(statusPrefix, "status-prefix");
	}

	public String getActionPrefix() {
		return this.actionPrefix;
	}

	public void setActionPrefix(String actionPrefix) {
		this.actionPrefix = prefix(actionPrefix, "action-prefix");
	}

	public String getLeaderKey() {
		return this.leaderKey;
	}

	public void setLeaderKey(String leaderKey) {
		if (leaderKey == null || leaderKey.isBlank() || leaderKey.startsWith("/") || leaderKey.endsWith("/")) {
			throw new IllegalArgumentException(
					"junction.gateway.rollouts.leader-key must be a KV key such as junction/leader/rollouts");
		}
		this.leaderKey = leaderKey;
	}

	public Duration getSessionTtl() {
		return this.sessionTtl;
	}

	public void setSessionTtl(Duration sessionTtl) {
		if (sessionTtl == null || sessionTtl.compareTo(Duration.ofSeconds(10)) < 0
				|| sessionTtl.compareTo(Duration.ofSeconds(86400)) > 0) {
			throw new IllegalArgumentException(
					"junction.gateway.rollouts.session-ttl must be from 10s to 86400s, as Consul accepts");
		}
		this.sessionTtl = sessionTtl;
	}

	public Duration getLockDelay() {
		return this.lockDelay;
	}

	public void setLockDelay(Duration lockDelay) {
		if (lockDelay == null || lockDelay.isNegative() || lockDelay.compareTo(Duration.ofSeconds(60)) > 0) {
			throw new IllegalArgumentException("junction.gateway.rollouts.lock-delay must be from 0 to 60s");
		}
		this.lockDelay = lockDelay;
	}

	public Duration getGrace() {
		return this.grace;
	}

	public void setGrace(Duration grace) {
		if (grace == null || grace.isNegative() || grace.compareTo(Duration.ofMinutes(1)) > 0) {
			throw new IllegalArgumentException("junction.gateway.rollouts.grace must be from 0 to 1m");
		}
		this.grace = grace;
	}

	public String getRedisKeyPrefix() {
		return this.redisKeyPrefix;
	}

	public void setRedisKeyPrefix(String redisKeyPrefix) {
		this.redisKeyPrefix = redisKeyPrefix;
	}

	private static String prefix(String value, String key) {
		if (value == null || value.isBlank() || value.startsWith("/") || !value.endsWith("/")) {
			throw new IllegalArgumentException("junction.gateway.rollouts." + key
					+ " must be a KV prefix ending with '/' and without a leading one, such as junction/rollouts/");
		}
		return value;
	}

}
