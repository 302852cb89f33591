/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine answers, asked once per JVM (asking Testcontainers is slow when
 * there is none).
 */
public final class Docker {

	private static volatile Boolean available;

	private Docker() {
	}

	public static boolean isAvailable() {
		Boolean result = available;
		if (result == null) {
			try {
				result = DockerClientFactory.instance().isDockerAvailable();
			}
			catch (RuntimeException | LinkageError ex) {
				result = false;
			}
			available = result;
		}
		return result;
	}

}
