/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shutdown;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The order in which an instance leaves: refuse traffic, leave Consul, wait for consumers
 * to notice, then let Boot's graceful shutdown finish the requests in flight.
 */
@ConfigurationProperties("junction.shutdown")
public class ShutdownProperties {

	/**
	 * Whether the instance deregisters and drains before the web server shuts down.
	 */
	private boolean enabled = true;

	/**
	 * How long to keep serving after deregistering, so every consumer (services, all
	 * gateway replicas) notices before the web server stops accepting. Must fit, together
	 * with the graceful shutdown itself, into spring.lifecycle.timeout-per-shutdown-phase
	 * and the platform's grace period (Kubernetes terminationGracePeriodSeconds).
	 */
	private Duration drainDelay = Duration.ofSeconds(3);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getDrainDelay() {
		return this.drainDelay;
	}

	public void setDrainDelay(Duration drainDelay) {
		this.drainDelay = drainDelay;
	}

}
