/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.consul;

import java.time.Instant;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether Consul answers Junction's watches, as a detail of {@code /actuator/health}:
 * {@code registry: reachable} or {@code registry: unreachable since <instant>}. Always up
 * and part of no readiness group: while Consul cannot be reached the instance routes with
 * the last known lists and policies, which is better than taking it out of traffic.
 */
public class ConsulReachabilityHealthIndicator implements HealthIndicator {

	private final ConsulBlockingQueries queries;

	public ConsulReachabilityHealthIndicator(ConsulBlockingQueries queries) {
		this.queries = queries;
	}

	@Override
	public Health health() {
		return Health.up().withDetail("registry", describe(this.queries)).build();
	}

	/**
	 * How the health details describe whether Consul can be reached.
	 * @param queries the application's queries
	 * @return {@code reachable} or {@code unreachable since <ISO instant>}
	 */
	public static String describe(ConsulBlockingQueries queries) {
		Instant since = queries.unreachableSince();
		return (since != null) ? "unreachable since " + since : "reachable";
	}

}
