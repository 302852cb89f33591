/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.devconsul;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import dev.junction.bench.devconsul.Waiter.Kind;

/**
 * What one change did to the waiters: how fast the ones watching it woke, and whether any
 * other query returned when it should not have.
 */
final class RoundFigures {

	final int round;

	final Kind kind;

	final Histogram wake = BenchResults.newHistogram();

	/** From the moment the change was sent: an upper bound that includes the write. */
	final Histogram wakeFromSent = BenchResults.newHistogram();

	int woken;

	/** Woken before the change's own answer reached the bench (counted as 0 µs). */
	int beforeChangeAnswer;

	int notWoken;

	int errors;

	/** Waiters of the other kind that returned on this change. */
	int spurious;

	/** Waiters done after re-arming and settling, before the next change. */
	int earlyReturns;

	RoundFigures(int round, Kind kind) {
		this.round = round;
		this.kind = kind;
	}

	void record(long nanosAfterChangeAnswer, long nanosAfterChangeSent) {
		this.woken++;
		if (nanosAfterChangeAnswer < 0) {
			this.beforeChangeAnswer++;
		}
		recordMicros(this.wake, nanosAfterChangeAnswer);
		recordMicros(this.wakeFromSent, nanosAfterChangeSent);
	}

	private static void recordMicros(Histogram histogram, long nanos) {
		long micros = TimeUnit.NANOSECONDS.toMicros(Math.max(0, nanos));
		histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
	}

	@Override
	public String toString() {
		return String.format("woke %d (p50 %s, p99 %s, max %s ms)%s%s%s%s", this.woken,
				BenchResults.millis(this.wake.getValueAtPercentile(50)),
				BenchResults.millis(this.wake.getValueAtPercentile(99)), BenchResults.millis(this.wake.getMaxValue()),
				(this.notWoken > 0) ? ", NOT WOKEN " + this.notWoken : "",
				(this.errors > 0) ? ", errors " + this.errors : "",
				(this.spurious > 0) ? ", spurious " + this.spurious : "",
				(this.earlyReturns > 0) ? ", returned early " + this.earlyReturns : "");
	}

}
