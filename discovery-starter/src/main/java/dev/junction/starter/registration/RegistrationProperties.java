/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.registration;

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

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
