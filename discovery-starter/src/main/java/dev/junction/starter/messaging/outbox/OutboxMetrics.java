/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code junction.outbox.pending} (events not yet confirmed by the broker) and
 * {@code junction.outbox.oldest.age} (how long the oldest of them has waited): the two
 * numbers to alert on when events stop flowing. One query serves both gauges per scrape.
 */
final class OutboxMetrics implements MeterBinder {

	private static final Duration FRESH = Duration.ofSeconds(1);

	private final OutboxStore store;

	private OutboxStore.Backlog backlog = new OutboxStore.Backlog(0, null);

	private Instant readAt = Instant.EPOCH;

	OutboxMetrics(OutboxStore store) {
		this.store = store;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("junction.outbox.pending", this, (metrics) -> metrics.backlog().pending())
			.description("Outbox events not yet confirmed by the broker")
			.baseUnit("events")
			.register(registry);
		TimeGauge
			.builder("junction.outbox.oldest.age", this, TimeUnit.MILLISECONDS,
					(metrics) -> metrics.backlog().oldestAge(Instant.now()).toMillis())
			.description("How long the oldest unsent outbox event has waited")
			.register(registry);
	}

	private synchronized OutboxStore.Backlog backlog() {
		Instant now = Instant.now();
		if (Duration.between(this.readAt, now).compareTo(FRESH) > 0) {
			this.backlog = this.store.backlog();
			this.readAt = now;
		}
		return this.backlog;
	}

}
