/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.idempotency;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import dev.junction.starter.JunctionScheduler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Forgets processed message ids older than
 * {@code junction.messaging.idempotency.retention}, so that
 * {@code junction_processed_message} does not grow for ever: every
 * {@code cleanup-interval}, on a thread of its own, in bounded batches so that no
 * statement holds locks for long. Ids within the retention are never deleted.
 */
public class ProcessedMessageCleanup implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ProcessedMessageCleanup.class);

	static final int BATCH_SIZE = 1000;

	private static final int MAX_BATCHES_PER_RUN = 50;

	private final JdbcTemplate jdbc;

	private final Duration retention;

	private final Duration interval;

	private volatile @Nullable JunctionScheduler scheduler;

	public ProcessedMessageCleanup(JdbcTemplate jdbc, Duration retention, Duration interval) {
		this.jdbc = jdbc;
		this.retention = retention;
		this.interval = interval;
	}

	/**
	 * Deletes the ids processed before the retention began.
	 * @return how many were deleted
	 */
	public int deleteExpired() {
		Timestamp before = Timestamp.from(Instant.now().minus(this.retention));
		int deleted = 0;
		for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
			int count = this.jdbc.update("DELETE FROM junction_processed_message WHERE ctid IN (SELECT ctid FROM"
					+ " junction_processed_message WHERE processed_at < ? LIMIT " + BATCH_SIZE + ")", before);
			deleted += count;
			if (count < BATCH_SIZE) {
				break;
			}
		}
		return deleted;
	}

	private void runQuietly() {
		try {
			int deleted = deleteExpired();
			if (deleted > 0) {
				logger.info("Forgot " + deleted + " processed message ids older than " + this.retention
						+ " (junction.messaging.idempotency.retention)");
			}
		}
		catch (DataAccessException ex) {
			logger.warn("Could not delete expired processed message ids (is the database reachable?); trying again in "
					+ this.interval + ": " + ex.getMessage());
		}
	}

	@Override
	public void start() {
		if (this.retention.isZero()) {
			return;
		}
		JunctionScheduler scheduler = JunctionScheduler.named("junction-processed-message-cleanup");
		scheduler.scheduleWithFixedDelay(this::runQuietly, this.interval, this.interval);
		this.scheduler = scheduler;
	}

	@Override
	public void stop() {
		JunctionScheduler scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.close();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}
