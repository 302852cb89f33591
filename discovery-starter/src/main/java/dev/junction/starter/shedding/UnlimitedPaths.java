/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shedding;

import java.util.ArrayList;
import java.util.List;

import org.springframework.core.env.Environment;

/**
 * The paths a full app still answers: the probes ({@code /livez}, {@code /readyz}, or the
 * additional paths configured instead), since a refused readiness check would take a busy
 * instance out of Consul and move its load onto the others, and actuator when it shares
 * the app's port.
 */
final class UnlimitedPaths {

	private final List<String> prefixes;

	private UnlimitedPaths(List<String> prefixes) {
		this.prefixes = List.copyOf(prefixes);
	}

	static UnlimitedPaths of(Environment environment) {
		List<String> prefixes = new ArrayList<>();
		prefixes.add(probePath(environment, "liveness", "/livez"));
		prefixes.add(probePath(environment, "readiness", "/readyz"));
		String managementPort = environment.getProperty("management.server.port");
		if (managementPort == null || managementPort.equals(environment.getProperty("server.port", "8080"))) {
			String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
			if (!basePath.isEmpty() && !basePath.equals("/")) {
				// actuator at the root would leave nothing limited: then only the probes
				prefixes.add(basePath);
			}
		}
		return new UnlimitedPaths(prefixes);
	}

	private static String probePath(Environment environment, String group, String path) {
		String configured = environment.getProperty("management.endpoint.health.group." + group + ".additional-path");
		if (configured == null) {
			return path;
		}
		int colon = configured.indexOf(':');
		return (colon >= 0) ? configured.substring(colon + 1) : configured;
	}

	/**
	 * Whether a path is never limited.
	 * @param path the path within the application (no context path)
	 * @return whether the path is a probe's or actuator's
	 */
	boolean matches(String path) {
		for (String prefix : this.prefixes) {
			if (path.equals(prefix) || path.startsWith(prefix + "/")) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return this.prefixes.toString();
	}

}
