/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.retry;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Retry-After} as seconds or as an HTTP date, against a fake clock.
 */
class RetryAfterTests {

	private final FakeClock clock = new FakeClock();

	@Test
	void secondsAreReadAsSuch() {
		assertThat(RetryAfter.parse("0", this.clock)).isEqualTo(Duration.ZERO);
		assertThat(RetryAfter.parse(" 2 ", this.clock)).isEqualTo(Duration.ofSeconds(2));
		assertThat(RetryAfter.parse("120", this.clock)).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void anHttpDateIsTheTimeFromNow() {
		// the fake clock stands at 2026-12-04T20:00:00Z
		assertThat(RetryAfter.parse("Fri, 04 Dec 2026 20:00:03 GMT", this.clock)).isEqualTo(Duration.ofSeconds(3));
		assertThat(RetryAfter.parse("Fri, 04 Dec 2026 19:59:00 GMT", this.clock)).as("a date in the past")
			.isEqualTo(Duration.ZERO);
	}

	@Test
	void anAbsentOrUnreadableValueIsNone() {
		assertThat(RetryAfter.parse(null, this.clock)).isNull();
		assertThat(RetryAfter.parse("", this.clock)).isNull();
		assertThat(RetryAfter.parse("-1", this.clock)).isNull();
		assertThat(RetryAfter.parse("soon", this.clock)).isNull();
		assertThat(RetryAfter.parse("1.5", this.clock)).isNull();
	}

	@Test
	void moreSecondsThanALongHoldsIsLongerThanAnyDeadline() {
		assertThat(RetryAfter.parse("99999999999999999999999", this.clock)).isGreaterThan(Duration.ofDays(365));
	}

}
