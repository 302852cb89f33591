/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the deployments write them: Spring's ({@code 3s}, {@code 500ms},
 * {@code PT3S}) and Docker's ({@code 30s}, {@code 1m30s}).
 */
final class Durations {

	private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

	private Durations() {
	}

	static Duration parse(String text) {
		String value = text.trim();
		if (value.startsWith("PT") || value.startsWith("pt")) {
			return Duration.parse(value);
		}
		if (value.matches("\\d+")) {
			// a bare number is milliseconds in Spring
			// and seconds in Kubernetes: refuse it
			throw new IllegalArgumentException("Give '" + text + "' a unit (s, ms, m)");
		}
		Matcher matcher = PART.matcher(value);
		Duration total = Duration.ZERO;
		int end = 0;
		while (matcher.find() && matcher.start() == end) {
			long amount = Long.parseLong(matcher.group(1));
			total = total.plus(switch (matcher.group(2)) {
				case "ms" -> Duration.ofMillis(amount);
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				default -> Duration.ofHours(amount);
			});
			end = matcher.end();
		}
		if (end != value.length() || end == 0) {
			throw new IllegalArgumentException("Not a duration: " + text);
		}
		return total;
	}

}
