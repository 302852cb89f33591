/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.junction.starter.JunctionScheduler;
import dev.junction.starter.messaging.JunctionPublishException;
import dev.junction.starter.messaging.JunctionPublisher;
import dev.junction.starter.messaging.PendingConfirm;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the outbox: locks a batch of due events ({@code FOR UPDATE SKIP LOCKED}, so
 * any number of instances can relay the same table without publishing an event twice at
 * the same time), sends them all, waits for each confirm, and in the same transaction
 * marks sent only those the broker confirmed. An event that was returned, refused or not
 * confirmed stays unsent and is retried with exponential backoff; when the broker cannot
 * be reached at all, the rest of the batch is left untouched (it is not the events'
 * fault) and the relay tries again after its poll interval, on a fresh connection.
 * <p>
 * Delivery is at least once: an instance that dies after the confirm but before its
 * commit publishes those events again on the next pass, which consumers absorb by being
 * idempotent. Runs on one thread of its own ({@code junction-outbox-relay}); a commit
 * that appended events wakes it. The cleanup of sent events runs on another
 * ({@code junction-outbox-cleanup}), once a minute.
 */
final class OutboxRelay implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(OutboxRelay.class);

	private final OutboxStore store;

	private final TransactionTemplate transaction;

	private final JunctionPublisher publisher;

	private final OutboxProperties properties;

	private final OutboxCleanup cleanup;

	private final Semaphore wakeUp = new Semaphore(0);

	private volatile boolean running;

	private volatile @Nullable JunctionScheduler relay;

	private volatile @Nullable JunctionScheduler cleanupScheduler;

	private final BrokerReachability broker = new BrokerReachability();

	OutboxRelay(OutboxStore store, TransactionTemplate transaction, JunctionPublisher publisher,
			OutboxProperties properties) {
		this.store = store;
		this.transaction = transaction;
		this.publisher = publisher;
		this.properties = properties;
		this.cleanup = new OutboxCleanup(store, properties.getRetention());
	}

	@Override
	public void start() {
		this.running = true;
		JunctionScheduler relay = JunctionScheduler.named("junction-outbox-relay");
		relay.execute(this::relayUntilStopped);
		// the loop is its only task: the thread ends with it
		relay.finishPending();
		this.relay = relay;
		JunctionScheduler cleanup = JunctionScheduler.named("junction-outbox-cleanup");
		cleanup.scheduleWithFixedDelay(this.cleanup::run, Duration.ZERO, OutboxCleanup.INTERVAL);
		this.cleanupScheduler = cleanup;
	}

	@Override
	public void stop() {
		this.running = false;
		this.wakeUp.release();
		JunctionScheduler cleanup = this.cleanupScheduler;
		if (cleanup != null) {
			cleanup.close();
		}
		JunctionScheduler relay = this.relay;
		if (relay != null) {
			// let the batch in flight finish: its confirms are worth recording
			relay.awaitFinished(this.publisher.getConfirmTimeout().plusSeconds(5));
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// stop after the web server's graceful shutdown (DEFAULT_PHASE - 1024) and stop
		// (DEFAULT_PHASE - 2048), so that events of the last requests are relayed
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	/** Asks the relay to look at the outbox now rather than after its poll interval. */
	void wakeUp() {
		this.wakeUp.release();
	}

	/** Whether the relay could reach the broker on its last attempt. */
	BrokerReachability broker() {
		return this.broker;
	}

	private void relayUntilStopped() {
		boolean failing = false;
		while (this.running) {
			boolean more = false;
			try {
				more = relayBatch();
				failing = false;
			}
			catch (RuntimeException ex) {
				// once per outage, not twice a second
				if (!failing) {
					logger.warn("Outbox relay pass failed (is the database reachable and junction_outbox there?);"
							+ " events stay in the outbox and the relay keeps trying", ex);
				}
				failing = true;
			}
			if (!more) {
				awaitWakeUp();
			}
		}
		relayLastBatch();
	}

	private void relayLastBatch() {
		// what requests appended while the web server drained goes out now, not at the
		// next start (best effort: a failure leaves the events in the outbox)
		try {
			relayBatch();
		}
		catch (RuntimeException ex) {
			logger.debug("Last outbox relay pass failed; events stay in the outbox", ex);
		}
	}

	/**
	 * Publishes one batch of due events.
	 * @return whether the batch was full and the broker reachable, so more may be due
	 */
	boolean relayBatch() {
		Boolean more = this.transaction.execute((status) -> publishDue());
		return Boolean.TRUE.equals(more);
	}

	private boolean publishDue() {
		List<OutboxRecord> due = this.store.lockDue(this.properties.getBatchSize());
		if (due.isEmpty()) {
			return false;
		}
		List<Sending> sending = new ArrayList<>(due.size());
		String unreachable = null;
		for (OutboxRecord record : due) {
			try {
				sending.add(new Sending(record,
						this.publisher.send(record.exchange(), record.routingKey(), record.toMessage())));
			}
			catch (JunctionPublishException ex) {
				unreachable = ex.getMessage();
				break;
			}
		}
		List<UUID> confirmed = new ArrayList<>(sending.size());
		for (Sending each : sending) {
			try {
				each.pending().await();
				confirmed.add(each.record().id());
			}
			catch (JunctionPublishException ex) {
				this.store.markFailed(each.record().id(), ex.getMessage(), backoff(each.record().attempts()));
			}
		}
		this.store.markSent(confirmed);
		this.broker.record(unreachable, !confirmed.isEmpty());
		return unreachable == null && due.size() == this.properties.getBatchSize();
	}

	private Duration backoff(int attempts) {
		Duration initial = this.properties.getInitialBackoff();
		Duration max = this.properties.getMaxBackoff();
		Duration backoff = initial.multipliedBy(1L << Math.min(attempts, 30));
		return (backoff.compareTo(max) > 0 || backoff.isNegative()) ? max : backoff;
	}

	private void awaitWakeUp() {
		try {
			if (this.wakeUp.tryAcquire(this.properties.getPollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
				this.wakeUp.drainPermits();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	private record Sending(OutboxRecord record, PendingConfirm pending) {

	}

}
