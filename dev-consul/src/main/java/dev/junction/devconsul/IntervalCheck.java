/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import dev.junction.devconsul.CheckDefinition.Thresholds;

/**
 * A check that probes on its interval: the first run comes after a random stagger within
 * one interval (as in Consul), each next run one interval after the previous one started,
 * never two at once. Probes are asynchronous: no thread waits for an answer.
 */
abstract class IntervalCheck implements RunningCheck {

	protected final CheckDefinition definition;

	protected final EventLoop loop;

	private final long intervalNanos;

	private final Sink sink;

	private final Thresholds thresholds;

	private int successes;

	private int failures;

	private ScheduledFuture<?> next;

	private volatile boolean stopped;

	IntervalCheck(CheckDefinition definition, EventLoop loop, Sink sink) {
		this.definition = definition;
		this.loop = loop;
		this.sink = sink;
		this.thresholds = definition.thresholds();
		this.intervalNanos = definition.interval().toNanos();
	}

	final IntervalCheck start() {
		schedule(ThreadLocalRandom.current().nextLong(this.intervalNanos));
		return this;
	}

	private synchronized void schedule(long delayNanos) {
		if (!this.stopped) {
			this.next = this.loop.schedule(this::runOnce, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
		}
	}

	private void runOnce() {
		if (this.stopped) {
			return;
		}
		long started = System.nanoTime();
		try {
			probe((status, output) -> {
				report(status, output);
				schedule(this.intervalNanos - (System.nanoTime() - started));
			});
		}
		catch (RuntimeException ex) {
			report(HealthStatus.CRITICAL, String.valueOf(ex.getMessage()));
			schedule(this.intervalNanos);
		}
	}

	/**
	 * Probe once and hand the status and output to the callback exactly once, from any
	 * thread.
	 */
	protected abstract void probe(BiConsumer<HealthStatus, String> done);

	/** Consul's status handler: consecutive results needed before the status moves. */
	private void report(HealthStatus status, String output) {
		if (this.stopped) {
			return;
		}
		HealthStatus effective = null;
		synchronized (this) {
			if (status != HealthStatus.CRITICAL) {
				this.successes++;
				this.failures = 0;
				if (this.successes >= this.thresholds.successBeforePassing()) {
					effective = status;
				}
			}
			else {
				this.successes = 0;
				this.failures++;
				if (this.failures >= this.thresholds.failuresBeforeCritical()) {
					effective = HealthStatus.CRITICAL;
				}
				else if (this.failures >= this.thresholds.failuresBeforeWarning()) {
					effective = HealthStatus.WARNING;
				}
			}
		}
		if (effective != null) {
			this.sink.result(this.definition.id(), this, effective, output);
		}
	}

	@Override
	public synchronized void stop() {
		this.stopped = true;
		if (this.next != null) {
			this.next.cancel(false);
		}
	}

}
