/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.devconsul;

import java.util.concurrent.CompletableFuture;

/**
 * One client parked in a blocking query ({@code ?index=&wait=}), re-armed with the index
 * of its last answer, the way spring-cloud-consul's watches poll.
 */
final class Waiter {

	/** What a waiter watches. */
	enum Kind {

		/** {@code GET /v1/kv/<key>?index=&wait=}. */
		KV,

		/** {@code GET /v1/health/service/<name>?index=&wait=}. */
		HEALTH

	}

	/** How one blocking query ended. */
	record Outcome(int status, long index, long completedNanos, Throwable error) {

		boolean ok() {
			return this.error == null && this.status == 200;
		}

	}

	private final int id;

	private final Kind kind;

	private final String path;

	private long index;

	private CompletableFuture<Outcome> pending;

	Waiter(int id, Kind kind, String path, long index) {
		this.id = id;
		this.kind = kind;
		this.path = path;
		this.index = index;
	}

	Kind kind() {
		return this.kind;
	}

	long index() {
		return this.index;
	}

	CompletableFuture<Outcome> pending() {
		return this.pending;
	}

	boolean isDone() {
		return this.pending != null && this.pending.isDone();
	}

	void arm(QueryClient client, String waitTime) {
		this.pending = client.get(this.id, this.path + "?index=" + this.index + "&wait=" + waitTime);
	}

	/**
	 * Takes the index of a finished query so the next {@link #arm} blocks until the
	 * following change.
	 */
	Outcome take() {
		Outcome outcome = this.pending.join();
		if (outcome.index() > 0) {
			this.index = outcome.index();
		}
		return outcome;
	}

}
