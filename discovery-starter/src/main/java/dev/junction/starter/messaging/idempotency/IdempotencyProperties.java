/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.idempotency;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.util.Assert;

/**
 * Junction's idempotent consumers. The {@code junction_processed_message} table is
 * created at start-up unless {@code initialize-schema=never}.
 */
@ConfigurationProperties("junction.messaging.idempotency")
public class IdempotencyProperties extends DatabaseInitializationProperties {

	/** Whether to provide the idempotent-consumer helper. */
	private boolean enabled = true;

	/**
	 * How long a processed message id is remembered. A redelivery older than this would
	 * be applied again, so keep it well above the longest time a message can wait in a
	 * queue or a producer's outbox. Zero keeps ids for ever.
	 */
	private Duration retention = Duration.ofDays(7);

	/** How often ids older than the retention are deleted. */
	private Duration cleanupInterval = Duration.ofMinutes(10);

	public IdempotencyProperties() {
		setInitializeSchema(DatabaseInitializationMode.ALWAYS);
		setContinueOnError(false);
	}

	@Override
	public String getDefaultSchemaLocation() {
		return "classpath:db/junction/processed-message-@@platform@@.sql";
	}

	public Duration getRetention() {
		return this.retention;
	}

	public void setRetention(Duration retention) {
		Assert.isTrue(!retention.isNegative(), () -> "junction.messaging.idempotency.retention must not be negative"
				+ " (got " + retention + "); use 0 to keep processed message ids for ever");
		this.retention = retention;
	}

	public Duration getCleanupInterval() {
		return this.cleanupInterval;
	}

	public void setCleanupInterval(Duration cleanupInterval) {
		Assert.isTrue(cleanupInterval.compareTo(Duration.ofSeconds(1)) >= 0,
				() -> "junction.messaging.idempotency.cleanup-interval must be at least 1s (got " + cleanupInterval
						+ ")");
		this.cleanupInterval = cleanupInterval;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
