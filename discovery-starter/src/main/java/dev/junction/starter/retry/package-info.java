/*
 * Copyright 2026 the Junction authors.
 */

/**
 * When a call is tried again, shared by the starter's load-balanced clients
 * ({@code client.RetryInterceptor}, {@code client.RetryExchangeFilter}) and the gateway
 * starter's route filter ({@code JunctionRetryGatewayFilterFactory}): {@link RetryPolicy}
 * (which failures and answers are retried, within the deadline and the budget),
 * {@link RetryBudgets} (a {@link RetryBudget} per called service and the
 * {@value RetryBudgets#METER} counters), {@link Backoff} (exponential, full jitter) and
 * {@link RetryAfter} (the header, as seconds or an HTTP date). The callers do the
 * attempts; these classes only decide, on an injectable clock.
 * <p>
 * Internal to Junction: public so that the gateway starter can use it, not an API for
 * applications.
 */
package dev.junction.starter.retry;
