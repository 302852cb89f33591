/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;

/**
 * Polls conditions every 50 ms in a thread of its own and records, for each, how long
 * after the watch started it was first found false: such as "the instance is registered"
 * and "its port accepts connections" while it shuts down.
 */
final class StopWatch {

	private final List<BooleanSupplier> conditions;

	private final AtomicLongArray firstFalse;

	private final long started = System.nanoTime();

	private final Thread thread;

	private volatile boolean running = true;

	private StopWatch(List<BooleanSupplier> conditions) {
		this.conditions = conditions;
		this.firstFalse = new AtomicLongArray(conditions.size());
		this.thread = new Thread(this::poll, "stop-watch");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	static StopWatch watch(BooleanSupplier... conditions) {
		return new StopWatch(List.of(conditions));
	}

	private void poll() {
		while (this.running) {
			for (int i = 0; i < this.conditions.size(); i++) {
				if (this.firstFalse.get(i) == 0 && !this.conditions.get(i).getAsBoolean()) {
					this.firstFalse.set(i, Math.max(1, System.nanoTime() - this.started));
				}
			}
			try {
				Thread.sleep(50); // polling interval
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	void stop() throws InterruptedException {
		this.running = false;
		this.thread.join(5000);
	}

	/**
	 * How long after the start condition {@code index} was first false.
	 * @param index the condition's position
	 * @return the time, or a failed test when it never was
	 */
	Duration firstFalse(int index) {
		long nanos = this.firstFalse.get(index);
		if (nanos == 0) {
			throw new AssertionError("Condition " + index + " of the watch never turned false while it ran");
		}
		return Duration.ofNanos(nanos);
	}

}
