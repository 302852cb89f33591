/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * One parked blocking query: its topic, the client's index, the query to re-run, and the
 * connection to answer on. Completes exactly once: on a change that moves its index, on
 * timeout, or never if the client went away.
 */
final class Waiter {

	private final BlockingQueries owner;

	private final String topic;

	private final Predicate<String> keys;

	private final String queryKey;

	private final long minIndex;

	private final LongSupplier index;

	private final Supplier<ApiResponse> answer;

	private final Responder responder;

	private final AtomicBoolean done = new AtomicBoolean();

	private volatile ScheduledFuture<?> timeout;

	Waiter(BlockingQueries owner, String topic, Predicate<String> keys, String queryKey, long minIndex,
			LongSupplier index, Supplier<ApiResponse> answer, Responder responder) {
		this.owner = owner;
		this.topic = topic;
		this.keys = keys;
		this.queryKey = queryKey;
		this.minIndex = minIndex;
		this.index = index;
		this.answer = answer;
		this.responder = responder;
	}

	String topic() {
		return this.topic;
	}

	Responder responder() {
		return this.responder;
	}

	String queryKey() {
		return this.queryKey;
	}

	long minIndex() {
		return this.minIndex;
	}

	boolean concerns(Collection<String> changedKeys) {
		return this.keys == null || changedKeys.isEmpty() || changedKeys.stream().anyMatch(this.keys);
	}

	void expireAfter(long nanos) {
		this.timeout = this.responder.executor().schedule(this::expire, nanos, TimeUnit.NANOSECONDS);
	}

	/** Answer if the query's index moved past the client's. */
	void recheck() {
		if (!this.done.get() && currentIndex() > this.minIndex) {
			finish(evaluate());
		}
	}

	/**
	 * The query's index now (at least 1, as Consul answers); max on failure, to answer
	 * the error.
	 */
	long currentIndex() {
		try {
			return Math.max(1, this.index.getAsLong());
		}
		catch (RuntimeException ex) {
			return Long.MAX_VALUE;
		}
	}

	/** The wait ran out: answer with whatever the query says now. */
	void expire() {
		if (!this.done.get()) {
			finish(evaluate());
		}
	}

	/** The client went away. */
	void cancel() {
		if (this.done.compareAndSet(false, true)) {
			cleanUp();
		}
	}

	ApiResponse evaluate() {
		try {
			return this.answer.get();
		}
		catch (RuntimeException ex) {
			return ApiResponse.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, String.valueOf(ex.getMessage()));
		}
	}

	void finish(ApiResponse response) {
		if (this.done.compareAndSet(false, true)) {
			cleanUp();
			this.responder.send(response);
		}
	}

	private void cleanUp() {
		this.owner.remove(this);
		ScheduledFuture<?> scheduled = this.timeout;
		if (scheduled != null) {
			scheduled.cancel(false);
		}
	}

}
