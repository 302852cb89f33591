/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.util.concurrent.TimeUnit;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * A TTL check: critical with output "TTL expired" unless an update arrives within the
 * TTL; every update restarts the timer.
 */
final class TtlCheck implements RunningCheck {

	private final String checkId;

	private final long ttlNanos;

	private final EventExecutor timer;

	private final Sink sink;

	private long deadline;

	private String lastOutput = "";

	private ScheduledFuture<?> expiry;

	private boolean stopped;

	TtlCheck(CheckDefinition definition, EventExecutor timer, Sink sink) {
		this.checkId = definition.id();
		this.ttlNanos = definition.ttl().toNanos();
		this.timer = timer;
		this.sink = sink;
	}

	synchronized TtlCheck start() {
		arm();
		return this;
	}

	private void arm() {
		if (this.expiry != null) {
			this.expiry.cancel(false);
		}
		this.deadline = System.nanoTime() + this.ttlNanos;
		this.expiry = this.timer.schedule(this::expire, this.ttlNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public synchronized void touch(String output) {
		this.lastOutput = output;
		if (!this.stopped) {
			arm();
		}
	}

	private void expire() {
		String output;
		synchronized (this) {
			if (this.stopped) {
				return;
			}
			output = this.lastOutput.isEmpty() ? "TTL expired"
					: "TTL expired (last output before timeout follows): " + this.lastOutput;
		}
		this.sink.result(this.checkId, this, HealthStatus.CRITICAL, output);
	}

	@Override
	public synchronized boolean resultStillValid() {
		return System.nanoTime() - this.deadline >= 0;
	}

	@Override
	public synchronized void stop() {
		this.stopped = true;
		if (this.expiry != null) {
			this.expiry.cancel(false);
		}
	}

}
