/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import java.time.Duration;

/**
 * Policies changed at runtime in Consul KV, one JSON document per service under the
 * prefix.
 */
public class LivePolicies {

	/**
	 * Whether to watch Consul KV for policies that replace the configured ones.
	 */
	private boolean enabled = true;

	/**
	 * KV prefix of the policies; the key below it is the service name.
	 */
	private String prefix = "junction/policies/";

	/**
	 * How long Consul may hold one blocking query before answering unchanged; changes are
	 * answered at once regardless.
	 */
	private Duration wait = Duration.ofSeconds(30);

	/**
	 * How long after the Consul agent reset (restarted without its state, say) an empty
	 * KV prefix does not remove the live policies, so an operator can restore them first.
	 */
	private Duration resetGrace = Duration.ofSeconds(30);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPrefix() {
		return this.prefix;
	}

	public void setPrefix(String prefix) {
		this.prefix = prefix;
	}

	public Duration getWait() {
		return this.wait;
	}

	public void setWait(Duration wait) {
		this.wait = wait;
	}

	public Duration getResetGrace() {
		return this.resetGrace;
	}

	public void setResetGrace(Duration resetGrace) {
		this.resetGrace = resetGrace;
	}

}
