/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.load;

/**
 * One request of a {@link FixedRateLoad}.
 *
 * @param intendedMillis when it was due, in milliseconds since the epoch (open loop: the
 * latency counts from here, not from when it was actually sent)
 * @param latencyMicros from when it was due to the end of the answer
 * @param status the HTTP status, or {@code 0} when no answer came (then {@code error}
 * says why)
 * @param instance the {@code Junction-Instance} response header, if any
 * @param error the exception's simple class name when no answer came
 */
public record Sample(long intendedMillis, long latencyMicros, int status, String instance, String error) {

	/** Whether the request got a 2xx answer. */
	public boolean ok() {
		return this.status >= 200 && this.status < 300;
	}

}
