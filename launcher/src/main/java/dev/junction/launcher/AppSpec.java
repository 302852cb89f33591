/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.util.Map;

/**
 * One app the launcher runs.
 *
 * @param name short name: log file, console
 * @param module the module folder whose runnable jar runs
 * @param version the {@code junction.instance.version} it registers with
 * @param port the app port
 * @param managementPort the management (actuator) port
 * @param readinessPath the readiness probe: on the app port for services, on the
 * management port for the gateway
 * @param onManagementPort whether the readiness probe is on the management port
 * @param properties Spring properties, passed as {@code --key=value}
 */
record AppSpec(String name, String module, String version, int port, int managementPort, String readinessPath,
		boolean onManagementPort, Map<String, String> properties) {

	String url() {
		return "http://localhost:" + this.port;
	}

	String managementUrl() {
		return "http://localhost:" + this.managementPort;
	}

	String readinessUrl() {
		return "http://127.0.0.1:" + (this.onManagementPort ? this.managementPort : this.port) + this.readinessPath;
	}

}
