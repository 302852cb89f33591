/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.registration;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Junction's opinions on how an instance registers in Consul. The Consul settings
 * themselves stay under {@code spring.cloud.consul.discovery.*}; the starter only changes
 * their defaults (readiness check on the app port every second, reaping of crashed
 * instances, unique id, no separate management service).
 */
@ConfigurationProperties("junction.registration")
public class RegistrationProperties {

	/**
	 * Whether Junction adds its metadata (version, zone) to the Consul registration and
	 * changes spring-cloud-consul's registration defaults.
	 */
	private boolean enabled = true;

	/**
	 * How often the instance checks that the Consul agent still knows it, registering
	 * again when it does not (an agent restarted without its state, or not reachable at
	 * start).
	 */
	private Duration checkInterval = Duration.ofSeconds(5);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getCheckInterval() {
		return this.checkInterval;
	}

	public void setCheckInterval(Duration checkInterval) {
		this.checkInterval = checkInterval;
	}

}
