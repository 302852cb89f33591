/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.faults;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Fault injection into the application's own inbound requests, driven by Consul KV.
 */
@ConfigurationProperties("junction.faults")
public class FaultProperties {

	/**
	 * Whether the instance injects the faults described at
	 * {@code <key-prefix><spring.application.name>} in Consul KV into its own requests.
	 * Off by default: switch it on for tests, demonstrations and chaos drills only.
	 */
	private boolean enabled;

	/**
	 * The KV prefix of the fault documents; a service's document is its name below it.
	 */
	private String keyPrefix = "junction/faults/";

	/**
	 * How long Consul may hold one blocking query on the fault document.
	 */
	private Duration watchWait = Duration.ofSeconds(30);

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
		if (keyPrefix == null || keyPrefix.isBlank() || keyPrefix.startsWith("/")) {
			throw new IllegalArgumentException(
					"junction.faults.key-prefix must be a KV path without a leading slash, such as junction/faults/");
		}
		this.keyPrefix = keyPrefix;
	}

	public Duration getWatchWait() {
		return this.watchWait;
	}

	public void setWatchWait(Duration watchWait) {
		if (watchWait == null || watchWait.isNegative() || watchWait.isZero()
				|| watchWait.compareTo(Duration.ofMinutes(10)) > 0) {
			throw new IllegalArgumentException("junction.faults.watch-wait must be above 0 and at most 10m");
		}
		this.watchWait = watchWait;
	}

}
