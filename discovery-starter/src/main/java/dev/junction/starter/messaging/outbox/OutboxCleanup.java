/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.outbox;

import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;

/**
 * Deletes sent events once they are older than
 * {@code junction.messaging.outbox.retention}, once a minute (scheduled by the
 * {@link OutboxRelay}) and a bounded number at a time, so the table stays small and the
 * relay's pass stays short. Unsent events are never deleted.
 */
final class OutboxCleanup {

	private static final Log logger = LogFactory.getLog(OutboxCleanup.class);

	static final Duration INTERVAL = Duration.ofMinutes(1);

	private static final int LIMIT = 1000;

	private final OutboxStore store;

	private final Duration retention;

	OutboxCleanup(OutboxStore store, Duration retention) {
		this.store = store;
		this.retention = retention;
	}

	void run() {
		try {
			int deleted = this.store.deleteSentBefore(Instant.now().minus(this.retention), LIMIT);
			if (deleted > 0 && logger.isDebugEnabled()) {
				logger.debug("Deleted " + deleted + " sent outbox events older than " + this.retention);
			}
		}
		catch (DataAccessException ex) {
			logger.warn("Could not delete sent outbox events (is the database reachable?); trying again in " + INTERVAL
					+ ": " + ex.getMessage());
		}
	}

}
