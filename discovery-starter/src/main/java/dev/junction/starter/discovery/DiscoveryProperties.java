/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * How consumers keep their load-balancer instance lists fresh and choose among them.
 */
@ConfigurationProperties("junction.discovery")
public class DiscoveryProperties {

	/**
	 * Whether load-balanced calls take their instances from Junction's Consul health
	 * watch (passing instances only, no cache) with ejection and zone/version preference.
	 */
	private boolean enabled = true;

	/**
	 * How long Consul may hold one blocking query on /v1/health/service before answering
	 * unchanged; changes are answered at once regardless.
	 */
	private Duration watchWait = Duration.ofSeconds(30);

	/**
	 * How long the first call to a service waits for Consul's first answer before it
	 * proceeds without instances.
	 */
	private Duration initialWait = Duration.ofSeconds(5);

	/**
	 * Whether consumers prefer instances of their own zone (junction.instance.zone),
	 * spilling over to other zones only when their own has none.
	 */
	private boolean zonePreference = true;

	/**
	 * Whether a call carrying Junction-Version prefers instances with that version
	 * metadata (falling back to all instances when none has it).
	 */
	private boolean versionPreference = true;

	/**
	 * Which instances calls leave out for a while because they fail where others do not.
	 */
	@NestedConfigurationProperty
	private final OutlierDetectionProperties outlierDetection = new OutlierDetectionProperties();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getWatchWait() {
		return this.watchWait;
	}

	public void setWatchWait(Duration watchWait) {
		this.watchWait = watchWait;
	}

	public Duration getInitialWait() {
		return this.initialWait;
	}

	public void setInitialWait(Duration initialWait) {
		this.initialWait = initialWait;
	}

	public boolean isZonePreference() {
		return this.zonePreference;
	}

	public void setZonePreference(boolean zonePreference) {
		this.zonePreference = zonePreference;
	}

	public boolean isVersionPreference() {
		return this.versionPreference;
	}

	public void setVersionPreference(boolean versionPreference) {
		this.versionPreference = versionPreference;
	}

	public OutlierDetectionProperties getOutlierDetection() {
		return this.outlierDetection;
	}

}
