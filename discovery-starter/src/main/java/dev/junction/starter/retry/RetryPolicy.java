/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.retry;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Whether, and after how long, an idempotent call is tried again, for the gateway's
 * routes and the starter's clients alike. A retry is made when all of these hold:
 * <ul>
 * <li>the attempt failed without an answer (connection refused or reset, per-try
 * timeout), or answered with one of the retried statuses;</li>
 * <li>the call has attempts left;</li>
 * <li>the wait before it ends before the call's deadline: the {@link Backoff}, or the
 * answer's {@code Retry-After} when it has one (a longer one than the time left means no
 * retry). An answer marked as shed ({@code Junction-Load-Shed}) is retried only after its
 * {@code Retry-After}, never at once;</li>
 * <li>the service's {@link RetryBudgets budget} has a retry left (spent here).</li>
 * </ul>
 * Otherwise the last answer or failure goes back to the caller.
 */
public final class RetryPolicy {

	private final int maxAttempts;

	private final Set<Integer> statuses;

	private final Backoff backoff;

	private final RetryBudgets budgets;

	private final Clock clock;

	/**
	 * A policy.
	 * @param maxAttempts attempts of a call in total, the first one included
	 * @param statuses answer statuses that are retried
	 * @param backoff the wait before a retry
	 * @param budgets the retry budget per service
	 * @param clock the clock {@code Retry-After} dates are read with
	 */
	public RetryPolicy(int maxAttempts, Set<Integer> statuses, Backoff backoff, RetryBudgets budgets, Clock clock) {
		this.maxAttempts = maxAttempts;
		this.statuses = Set.copyOf(statuses);
		this.backoff = backoff;
		this.budgets = budgets;
		this.clock = clock;
	}

	/**
	 * Counts a call to the service, which adds to its retry budget.
	 * @param service the called service
	 */
	public void recordRequest(String service) {
		this.budgets.recordRequest(service);
	}

	/**
	 * Whether to retry after an answer.
	 * @param service the called service
	 * @param attempt the attempt that answered, 1 for the first
	 * @param status the answer's status
	 * @param retryAfter the answer's {@code Retry-After}, or {@code null}
	 * @param shed whether the answer is marked as shed
	 * @param remaining the time left until the call's deadline
	 * @return how long to wait before the retry, or {@code null} to return the answer
	 */
	public @Nullable Duration afterAnswer(String service, int attempt, int status, @Nullable String retryAfter,
			boolean shed, Duration remaining) {
		if (!this.statuses.contains(status)) {
			return null;
		}
		Duration asked = RetryAfter.parse(retryAfter, this.clock);
		if (shed && asked == null) {
			return null;
		}
		return retry(service, attempt, (asked != null) ? asked : this.backoff.delay(attempt), remaining);
	}

	/**
	 * Whether to retry after a failure without an answer.
	 * @param service the called service
	 * @param attempt the attempt that failed, 1 for the first
	 * @param remaining the time left until the call's deadline
	 * @return how long to wait before the retry, or {@code null} to return the failure
	 */
	public @Nullable Duration afterFailure(String service, int attempt, Duration remaining) {
		return retry(service, attempt, this.backoff.delay(attempt), remaining);
	}

	private @Nullable Duration retry(String service, int attempt, Duration wait, Duration remaining) {
		if (attempt >= this.maxAttempts || wait.compareTo(remaining) >= 0) {
			return null;
		}
		return this.budgets.tryRetry(service) ? wait : null;
	}

}
