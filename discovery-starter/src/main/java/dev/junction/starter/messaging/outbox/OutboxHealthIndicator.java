/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.outbox;

import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The outbox's backlog, and whether the relay can reach the broker.
 * <p>
 * Stays {@code UP} while the broker is unreachable: the application keeps working and its
 * events are safe in its own database, so taking the instance out of service would turn a
 * broker outage into an application outage. The details say that events wait in the
 * outbox (and since when); the RabbitMQ health indicator reports the broker itself.
 */
final class OutboxHealthIndicator extends AbstractHealthIndicator {

	private final OutboxStore store;

	private final OutboxRelay relay;

	OutboxHealthIndicator(OutboxStore store, OutboxRelay relay) {
		super("Outbox backlog could not be read");
		this.store = store;
		this.relay = relay;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		OutboxStore.Backlog backlog = this.store.backlog();
		Duration oldestAge = backlog.oldestAge(Instant.now());
		builder.up().withDetail("pending", backlog.pending()).withDetail("oldestPendingAge", oldestAge.toString());
		BrokerReachability.Trouble trouble = this.relay.broker().trouble();
		if (trouble != null) {
			builder.withDetail("broker",
					"unreachable since " + trouble.since() + ": events wait in the outbox (" + trouble.error() + ")");
		}
		else {
			builder.withDetail("broker", "reachable");
		}
	}

}
