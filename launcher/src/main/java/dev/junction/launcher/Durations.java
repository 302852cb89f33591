/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as the console shows them.
 */
final class Durations {

	private Durations() {
	}

	/** Such as {@code 12.3 s}. */
	static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

}
