/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.outbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * Junction's transactional outbox: where events wait until the broker has confirmed them.
 * The {@code junction_outbox} table is created at start-up unless
 * {@code initialize-schema=never}.
 */
@ConfigurationProperties("junction.messaging.outbox")
public class OutboxProperties extends DatabaseInitializationProperties {

	/** Whether to provide the outbox writer and run its relay. */
	private boolean enabled = true;

	/**
	 * How long the relay sleeps when there is nothing to publish (a commit wakes it
	 * earlier).
	 */
	private Duration pollInterval = Duration.ofMillis(500);

	/** Most events the relay locks and publishes in one transaction. */
	private int batchSize = 100;

	/**
	 * Wait before the first retry of an event the broker did not confirm; doubles per
	 * attempt.
	 */
	private Duration initialBackoff = Duration.ofSeconds(1);

	/** Longest wait between retries of one event. */
	private Duration maxBackoff = Duration.ofMinutes(1);

	/** How long sent events are kept for inspection before the relay deletes them. */
	private Duration retention = Duration.ofDays(7);

	public OutboxProperties() {
		setInitializeSchema(DatabaseInitializationMode.ALWAYS);
		setContinueOnError(false);
	}

	@Override
	public String getDefaultSchemaLocation() {
		return "classpath:db/junction/outbox-@@platform@@.sql";
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		this.batchSize = batchSize;
	}

	public Duration getInitialBackoff() {
		return this.initialBackoff;
	}

	public void setInitialBackoff(Duration initialBackoff) {
		this.initialBackoff = initialBackoff;
	}

	public Duration getMaxBackoff() {
		return this.maxBackoff;
	}

	public void setMaxBackoff(Duration maxBackoff) {
		this.maxBackoff = maxBackoff;
	}

	public Duration getRetention() {
		return this.retention;
	}

	public void setRetention(Duration retention) {
		this.retention = retention;
	}

}
