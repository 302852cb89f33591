/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shedding;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The meters of a {@link ConcurrencyLimiter}, read from the limiter itself so that the
 * request path never touches the registry.
 */
public final class LoadSheddingMetrics {

	/** Counter of refused requests. */
	public static final String REJECTED = "junction.load-shedding.rejected";

	/** Gauge of the current limit. */
	public static final String LIMIT = "junction.load-shedding.concurrency-limit";

	/** Gauge of the requests in flight. */
	public static final String IN_FLIGHT = "junction.load-shedding.in-flight";

	private LoadSheddingMetrics() {
	}

	/**
	 * Registers the meters of one limiter.
	 * @param registry the registry
	 * @param limiter the limiter
	 * @param tags its tags (the route at the gateway, none in an app)
	 */
	public static void bind(MeterRegistry registry, ConcurrencyLimiter limiter, Tags tags) {
		FunctionCounter.builder(REJECTED, limiter, ConcurrencyLimiter::rejected)
			.description("Requests refused with 503 because the concurrency limit was reached")
			.tags(tags)
			.register(registry);
		Gauge.builder(LIMIT, limiter, ConcurrencyLimiter::limit)
			.description("Current concurrency limit")
			.tags(tags)
			.register(registry);
		Gauge.builder(IN_FLIGHT, limiter, ConcurrencyLimiter::inFlight)
			.description("Requests in flight under the concurrency limit")
			.tags(tags)
			.register(registry);
	}

}
