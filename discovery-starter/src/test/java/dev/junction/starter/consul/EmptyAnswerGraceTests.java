/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.consul;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule that keeps an agent restarted empty from emptying the instance lists and live
 * policies: empty answers are held back for the grace period after a reset, and only
 * then.
 */
class EmptyAnswerGraceTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T20:00:00Z"));

	private final EmptyAnswerGrace grace = new EmptyAnswerGrace(Duration.ofSeconds(30), this.clock);

	@Test
	void withoutAResetEveryAnswerApplies() {
		assertThat(this.grace.holds(true, true)).isFalse();
		assertThat(this.grace.endsAt()).isNull();
	}

	@Test
	void afterAResetAnEmptyAnswerDoesNotReplaceANonEmptyStateUntilTheGracePeriodEnds() {
		this.grace.reset();
		assertThat(this.grace.endsAt()).isEqualTo(Instant.parse("2026-12-04T20:00:30Z"));
		assertThat(this.grace.holds(true, true)).isTrue();
		this.clock.advance(Duration.ofSeconds(29));
		assertThat(this.grace.holds(true, true)).isTrue();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.grace.holds(true, true)).as("confirmed after the grace period").isFalse();
		assertThat(this.grace.endsAt()).isNull();
		assertThat(this.grace.holds(true, true)).isFalse();
	}

	@Test
	void aNonEmptyAnswerAppliesAtOnceAndEndsTheGracePeriod() {
		this.grace.reset();
		assertThat(this.grace.holds(false, true)).isFalse();
		assertThat(this.grace.holds(true, true)).as("the agent has its state again").isFalse();
	}

	@Test
	void anEmptyAnswerAppliesWhenNothingIsHeld() {
		this.grace.reset();
		assertThat(this.grace.holds(true, false)).isFalse();
	}

	@Test
	void aNewResetStartsANewGracePeriod() {
		this.grace.reset();
		this.clock.advance(Duration.ofSeconds(25));
		this.grace.reset();
		this.clock.advance(Duration.ofSeconds(25));
		assertThat(this.grace.holds(true, true)).isTrue();
	}

	@Test
	void aZeroGracePeriodHoldsNothing() {
		EmptyAnswerGrace none = new EmptyAnswerGrace(Duration.ZERO, this.clock);
		none.reset();
		assertThat(none.holds(true, true)).isFalse();
	}

}
