/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.util.Locale;

/**
 * The status of a check, spelled as Consul spells it in JSON.
 */
enum HealthStatus {

	PASSING, WARNING, CRITICAL;

	String json() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The status a JSON value names, or {@code null}. Consul accepts only the lowercase
	 * spelling.
	 */
	static HealthStatus fromJson(String value) {
		for (HealthStatus status : values()) {
			if (status.json().equals(value)) {
				return status;
			}
		}
		return null;
	}

}
