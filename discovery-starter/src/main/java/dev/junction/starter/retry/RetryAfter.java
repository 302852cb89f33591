/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.retry;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code Retry-After} header (RFC 9110, 10.2.3): a number of seconds or an HTTP
 * date.
 */
public final class RetryAfter {

	private RetryAfter() {
	}

	/**
	 * How long the answer asks to wait.
	 * @param value the header's value, or {@code null}
	 * @param clock the clock an HTTP date is compared with
	 * @return the wait (zero for a date in the past), or {@code null} when there is no
	 * value or it is neither seconds nor an HTTP date
	 */
	public static @Nullable Duration parse(@Nullable String value, Clock clock) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.trim();
		if (trimmed.chars().allMatch(Character::isDigit)) {
			try {
				return Duration.ofSeconds(Long.parseLong(trimmed));
			}
			catch (NumberFormatException ex) {
				// more seconds than a long holds: longer than any deadline
				return Duration.ofSeconds(Long.MAX_VALUE);
			}
		}
		try {
			ZonedDateTime date = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME);
			Duration wait = Duration.between(clock.instant(), date.toInstant());
			return wait.isNegative() ? Duration.ZERO : wait;
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

}
