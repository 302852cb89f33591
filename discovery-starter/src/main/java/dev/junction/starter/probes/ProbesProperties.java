/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.probes;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Health probes. Boot already has liveness and readiness health groups; Junction only
 * switches on their extra paths {@code /livez} and {@code /readyz} on the application
 * port, which is where Consul's check (and Kubernetes' probes) look, while the rest of
 * actuator stays on the management port.
 */
@ConfigurationProperties("junction.probes")
public class ProbesProperties {

	/**
	 * Whether to expose Boot's liveness and readiness groups as /livez and /readyz on the
	 * application port ({@code management.endpoint.health.probes.*} defaults).
	 */
	private boolean enabled = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
