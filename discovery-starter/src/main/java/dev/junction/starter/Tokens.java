/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter;

import org.jspecify.annotations.Nullable;

/**
 * The check behind {@link CorrelationIds} and {@link JunctionVersions}: short runs of
 * ASCII letters, digits and a few punctuation characters.
 */
final class Tokens {

	private Tokens() {
	}

	static boolean isToken(@Nullable String value, int maxLength, String punctuation) {
		if (value == null || value.isEmpty() || value.length() > maxLength) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
			if (!alphanumeric && punctuation.indexOf(c) < 0) {
				return false;
			}
		}
		return true;
	}

}
