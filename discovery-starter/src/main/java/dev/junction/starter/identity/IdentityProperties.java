/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Whether responses show which instance answered.
 */
@ConfigurationProperties("junction.identity")
public class IdentityProperties {

	/**
	 * Whether every HTTP response carries the Junction-Instance and
	 * Junction-Instance-Version headers (the gateway turns this off and passes the
	 * backend's headers through).
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
