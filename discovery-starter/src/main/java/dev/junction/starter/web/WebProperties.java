/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a servlet app reads what clients send it.
 */
@ConfigurationProperties("junction.web")
public class WebProperties {

	/**
	 * Whether Junction reads inbound JSON request bodies with its rules (strict JSON,
	 * control characters) and sets its web server defaults.
	 */
	private boolean enabled = true;

	/**
	 * Whether inbound JSON request bodies are read strictly: no fraction for a whole
	 * number, no string for a number or boolean, no number or boolean for a string, and
	 * no member given twice; each is a 400 problem naming the field. Only request bodies:
	 * messages and the load-balanced clients read JSON as before.
	 */
	private boolean strictJson = true;

	/**
	 * Whether a string in an inbound JSON request body that holds a NUL or another
	 * control character (U+0000 to U+001F except tab, line feed and carriage return, and
	 * U+007F) is a 400 problem naming the field. PostgreSQL cannot store a NUL at all.
	 */
	private boolean rejectControlCharacters = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isStrictJson() {
		return this.strictJson;
	}

	public void setStrictJson(boolean strictJson) {
		this.strictJson = strictJson;
	}

	public boolean isRejectControlCharacters() {
		return this.rejectControlCharacters;
	}

	public void setRejectControlCharacters(boolean rejectControlCharacters) {
		this.rejectControlCharacters = rejectControlCharacters;
	}

}
