/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.retry;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a call is retried and after how long, on a fake clock and a fixed jitter.
 */
class RetryPolicyTests {

	private static final Duration PLENTY = Duration.ofSeconds(5);

	private final FakeClock clock = new FakeClock();

	private final RetryBudgets budgets = new RetryBudgets(0.2, 10, Duration.ofSeconds(10), this.clock, null);

	private final RetryPolicy policy = new RetryPolicy(3, Set.of(503),
			new Backoff(Duration.ofMillis(50), 2, Duration.ofSeconds(1), () -> 0.5), this.budgets, this.clock);

	@Test
	void aFailureIsRetriedAfterTheBackoffUntilTheAttemptsAreSpent() {
		assertThat(this.policy.afterFailure("users", 1, PLENTY)).isEqualTo(Duration.ofMillis(25));
		assertThat(this.policy.afterFailure("users", 2, PLENTY)).isEqualTo(Duration.ofMillis(50));
		assertThat(this.policy.afterFailure("users", 3, PLENTY)).isNull();
	}

	@Test
	void onlyTheConfiguredStatusesAreRetried() {
		assertThat(this.policy.afterAnswer("users", 1, 503, null, false, PLENTY)).isEqualTo(Duration.ofMillis(25));
		assertThat(this.policy.afterAnswer("users", 1, 500, null, false, PLENTY)).isNull();
		assertThat(this.policy.afterAnswer("users", 1, 502, null, false, PLENTY)).isNull();
		assertThat(this.policy.afterAnswer("users", 1, 200, null, false, PLENTY)).isNull();
	}

	@Test
	void aShortRetryAfterIsWaitedAndALongerOneThanTheTimeLeftEndsTheRetries() {
		assertThat(this.policy.afterAnswer("users", 1, 503, "1", false, PLENTY)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.policy.afterAnswer("users", 1, 503, "Fri, 04 Dec 2026 20:00:02 GMT", false, PLENTY))
			.isEqualTo(Duration.ofSeconds(2));
		assertThat(this.policy.afterAnswer("users", 1, 503, "10", false, PLENTY)).isNull();
	}

	@Test
	void aShedAnswerIsRetriedOnlyAfterItsRetryAfterAndWithinTheDeadline() {
		assertThat(this.policy.afterAnswer("users", 1, 503, null, true, PLENTY)).as("no Retry-After: never at once")
			.isNull();
		assertThat(this.policy.afterAnswer("users", 1, 503, "1", true, PLENTY)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.policy.afterAnswer("users", 1, 503, "1", true, Duration.ofMillis(900))).isNull();
	}

	@Test
	void noRetryWhenTheWaitWouldPassTheDeadline() {
		assertThat(this.policy.afterFailure("users", 1, Duration.ofMillis(20))).isNull();
		assertThat(this.policy.afterFailure("users", 1, Duration.ZERO)).isNull();
		assertThat(this.policy.afterFailure("users", 1, Duration.ofMillis(-5))).isNull();
	}

	@Test
	void aSpentBudgetReturnsTheLastOutcome() {
		int retried = 0;
		for (int i = 0; i < 500; i++) {
			this.policy.recordRequest("users");
			retried += (this.policy.afterFailure("users", 1, PLENTY) != null) ? 1 : 0;
		}
		// 20 % of 500 plus 10 a second for 10 s
		assertThat(retried).isEqualTo(200);
		assertThat(this.policy.afterAnswer("users", 1, 503, null, false, PLENTY)).isNull();
		assertThat(this.policy.afterFailure("orders", 1, PLENTY)).as("another service's budget").isNotNull();
	}

}
