/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.retry;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The budget's arithmetic on a fake clock: 20 % of the requests of the last 10 s plus 10
 * retries per second of the window.
 */
class RetryBudgetTests {

	private final FakeClock clock = new FakeClock();

	private final RetryBudget budget = new RetryBudget(0.2, 10, Duration.ofSeconds(10), this.clock);

	@Test
	void withoutRequestsTheMinimumAllowsTenRetriesPerSecondOfTheWindow() {
		assertThat(spend(1000)).isEqualTo(100);
	}

	@Test
	void requestsAddAFifthOfARetryEach() {
		for (int i = 0; i < 1000; i++) {
			this.budget.recordRequest();
		}
		assertThat(this.budget.remaining()).isEqualTo(300);
		assertThat(spend(1000)).isEqualTo(300);
		assertThat(this.budget.tryRetry()).isFalse();
	}

	@Test
	void retriesAndRequestsOlderThanTheWindowNoLongerCount() {
		for (int i = 0; i < 500; i++) {
			this.budget.recordRequest();
		}
		assertThat(spend(1000)).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.budget.tryRetry()).as("the spent retries still count").isFalse();
		this.clock.advance(Duration.ofSeconds(5));
		// both the requests and the retries have left the window
		assertThat(spend(1000)).isEqualTo(100);
	}

	@Test
	void theWindowSlidesOneBucketAtATime() {
		assertThat(spend(100)).isEqualTo(100);
		this.clock.advance(Duration.ofSeconds(1));
		// the retries were spent in the first second:
		// they leave the window 10 s after it began
		assertThat(this.budget.tryRetry()).isFalse();
		this.clock.advance(Duration.ofSeconds(9));
		assertThat(spend(1000)).isEqualTo(100);
	}

	@Test
	void aLongSilenceClearsEverything() {
		spend(1000);
		this.clock.advance(Duration.ofHours(1));
		assertThat(this.budget.remaining()).isEqualTo(100);
	}

	@Test
	void aClockThatStepsBackKeepsCounting() {
		spend(50);
		this.clock.advance(Duration.ofSeconds(-30));
		assertThat(spend(1000)).isEqualTo(50);
	}

	@Test
	void theRegistryKeepsABudgetPerServiceAndCountsItsDecisions() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		RetryBudgets budgets = new RetryBudgets(0.2, 1, Duration.ofSeconds(10), this.clock, meters);
		int users = 0;
		for (int i = 0; i < 20; i++) {
			users += budgets.tryRetry("users") ? 1 : 0;
		}
		assertThat(users).isEqualTo(10);
		assertThat(budgets.tryRetry("orders")).as("another service's budget").isTrue();
		assertThat(meters.get(RetryBudgets.METER).tag("service", "users").tag("outcome", "allowed").counter().count())
			.isEqualTo(10);
		assertThat(meters.get(RetryBudgets.METER).tag("service", "users").tag("outcome", "refused").counter().count())
			.isEqualTo(10);
		assertThat(meters.get(RetryBudgets.METER).tag("service", "orders").tag("outcome", "allowed").counter().count())
			.isEqualTo(1);
	}

	@Test
	void badSettingsAreRefusedWithTheirValues() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetryBudget(-1, 10, Duration.ofSeconds(10), this.clock))
			.withMessageContaining("-1");
		assertThatIllegalArgumentException().isThrownBy(() -> new RetryBudget(0.2, 10, Duration.ZERO, this.clock))
			.withMessageContaining("window");
	}

	private int spend(int attempts) {
		int allowed = 0;
		for (int i = 0; i < attempts; i++) {
			allowed += this.budget.tryRetry() ? 1 : 0;
		}
		return allowed;
	}

}
