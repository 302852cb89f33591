/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.retry;

import java.time.Duration;
import java.util.stream.IntStream;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Exponential backoff with full jitter: the bounds, with fixed and real random numbers.
 */
class BackoffTests {

	@Test
	void theCeilingDoublesFromTheFirstUpToTheMax() {
		Backoff backoff = new Backoff(Duration.ofMillis(50), 2, Duration.ofSeconds(1), () -> 0.5);
		assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(50));
		assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofMillis(100));
		assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofMillis(800));
		assertThat(backoff.ceiling(6)).isEqualTo(Duration.ofSeconds(1));
		assertThat(backoff.ceiling(1000)).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void theWaitIsTheRandomShareOfTheCeiling() {
		assertThat(new Backoff(Duration.ofMillis(50), 2, Duration.ofSeconds(1), () -> 0.0).delay(3))
			.isEqualTo(Duration.ZERO);
		assertThat(new Backoff(Duration.ofMillis(50), 2, Duration.ofSeconds(1), () -> 0.5).delay(3))
			.isEqualTo(Duration.ofMillis(100));
		assertThat(new Backoff(Duration.ofMillis(50), 2, Duration.ofSeconds(1), () -> 0.999).delay(9))
			.isLessThan(Duration.ofSeconds(1));
	}

	@RepeatedTest(5)
	void realJitterStaysWithinTheCeilingAndSpreads() {
		Backoff backoff = new Backoff(Duration.ofMillis(50), 2, Duration.ofSeconds(1));
		long distinct = IntStream.range(0, 200)
			.mapToObj((i) -> backoff.delay(2))
			.peek((delay) -> assertThat(delay).isBetween(Duration.ZERO, Duration.ofMillis(100)))
			.distinct()
			.count();
		assertThat(distinct).as("different waits among 200").isGreaterThan(50);
	}

	@Test
	void badSettingsAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Backoff(Duration.ofSeconds(2), 2, Duration.ofSeconds(1)))
			.withMessageContaining("first <= max");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Backoff(Duration.ofMillis(50), 0.5, Duration.ofSeconds(1)))
			.withMessageContaining("factor");
	}

}
