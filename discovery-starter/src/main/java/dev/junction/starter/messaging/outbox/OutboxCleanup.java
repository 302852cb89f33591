package dev.junction.starter.messaging.outbox;

import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Deletes sent events once they are older than
 * {@code junction.messaging.outbox.retention}, at most once a minute and a bounded number
 * at a time, so the table stays small and the relay's pass stays short. Unsent events are
 * never deleted.
 */
final class OutboxCleanup {

	private static final Log logger = LogFactory.getLog(OutboxCleanup.class);

	private static final Duration INTERVAL = Duration.ofMinutes(1);

	private static final int LIMIT = 1000;

	private final OutboxStore store;

	private final Duration retention;

	private Instant nextRun = Instant.EPOCH;

	OutboxCleanup(OutboxStore store, Duration retention) {
		this.store = store;
		this.retention = retention;
	}

	void runIfDue() {
		Instant now = Instant.now();
		if (now.isBefore(this.nextRun)) {
			return;
		}
		this.nextRun = now.plus(INTERVAL);
		int deleted = this.store.deleteSentBefore(now.minus(this.retention), LIMIT);
		if (deleted > 0 && logger.isDebugEnabled()) {
			logger.debug("Deleted " + deleted + " sent outbox events older than " + this.retention);
		}
	}

}
