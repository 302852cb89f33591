/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.outbox;

import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Whether the outbox relay could reach the broker, as it learnt on its last attempt to
 * publish: the one who knows that events are waiting because of the broker, for the
 * health indicator and the log (a warning when an outage starts, a note when it ends, not
 * a stack trace twice a second).
 */
final class BrokerReachability {

	private static final Log logger = LogFactory.getLog(BrokerReachability.class);

	private volatile @Nullable Trouble trouble;

	/**
	 * Records the outcome of a relay pass.
	 * @param unreachable why a message could not be handed to the broker, {@code null}
	 * when every one could
	 * @param anyConfirmed whether the broker confirmed any message
	 */
	void record(@Nullable String unreachable, boolean anyConfirmed) {
		Trouble previous = this.trouble;
		if (unreachable != null) {
			this.trouble = new Trouble((previous != null) ? previous.since() : Instant.now(), unreachable);
			if (previous == null) {
				logger.warn("RabbitMQ is unreachable; events wait in the outbox until it is back: " + unreachable);
			}
		}
		else if (anyConfirmed && previous != null) {
			this.trouble = null;
			logger.info("RabbitMQ is reachable again; the outbox relay publishes the waiting events");
		}
	}

	/** The current outage, or {@code null} when the broker was reachable. */
	@Nullable Trouble trouble() {
		return this.trouble;
	}

	/**
	 * The broker could not be reached.
	 *
	 * @param since when the relay first failed to reach it
	 * @param error the last error
	 */
	record Trouble(Instant since, String error) {

	}

}
