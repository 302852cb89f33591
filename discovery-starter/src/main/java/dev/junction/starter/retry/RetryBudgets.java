/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.retry;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RetryBudget} per called service (the gateway: per route), all with the same
 * settings, and the counters of the retries they allowed and refused: meter
 * {@value #METER}, tags {@code service} and {@code outcome} ({@code allowed} or
 * {@code refused}).
 */
public final class RetryBudgets {

	/** Name of the counters of retries the budgets allowed and refused. */
	public static final String METER = "junction.retry.budget";

	private final double ratio;

	private final int minRetriesPerSecond;

	private final Duration window;

	private final Clock clock;

	private final @Nullable MeterRegistry meters;

	private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

	/**
	 * Budgets with the given settings (see {@link RetryBudget}).
	 * @param ratio the share of requests that may be retried
	 * @param minRetriesPerSecond retries allowed per second whatever the requests
	 * @param window how far back requests and retries count
	 * @param clock the clock the windows follow
	 * @param meters where to count allowed and refused retries, or {@code null}
	 */
	public RetryBudgets(double ratio, int minRetriesPerSecond, Duration window, Clock clock,
			@Nullable MeterRegistry meters) {
		// fails early on bad settings
		new RetryBudget(ratio, minRetriesPerSecond, window, clock);
		this.ratio = ratio;
		this.minRetriesPerSecond = minRetriesPerSecond;
		this.window = window;
		this.clock = clock;
		this.meters = meters;
	}

	/** Counts a request to the service sent for the first time. */
	public void recordRequest(String service) {
		budget(service).budget.recordRequest();
	}

	/**
	 * Spends one retry of the service's budget if it has one left, and counts the
	 * outcome.
	 * @param service the called service
	 * @return whether the retry may be made
	 */
	public boolean tryRetry(String service) {
		Budget budget = budget(service);
		boolean allowed = budget.budget.tryRetry();
		if (budget.allowed != null && budget.refused != null) {
			(allowed ? budget.allowed : budget.refused).increment();
		}
		return allowed;
	}

	/**
	 * The budget of a service.
	 * @param service the called service
	 * @return its budget
	 */
	public RetryBudget of(String service) {
		return budget(service).budget;
	}

	private Budget budget(String service) {
		return this.budgets.computeIfAbsent(service, this::newBudget);
	}

	private Budget newBudget(String service) {
		RetryBudget budget = new RetryBudget(this.ratio, this.minRetriesPerSecond, this.window, this.clock);
		if (this.meters == null) {
			return new Budget(budget, null, null);
		}
		return new Budget(budget, counter(service, "allowed"), counter(service, "refused"));
	}

	private Counter counter(String service, String outcome) {
		return Counter.builder(METER)
			.description("Retries of calls to a service that its retry budget allowed or refused")
			.tag("service", service)
			.tag("outcome", outcome)
			.register(this.meters);
	}

	private record Budget(RetryBudget budget, @Nullable Counter allowed, @Nullable Counter refused) {
	}

}
