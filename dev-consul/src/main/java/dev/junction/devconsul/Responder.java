/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import io.netty.util.concurrent.EventExecutor;

/**
 * Where an endpoint sends its answer. An answer may come later (a blocking query), from
 * any thread; only the first answer counts.
 */
interface Responder {

	void send(ApiResponse response);

	/** The event loop of the connection, for timers that belong to this request. */
	EventExecutor executor();

	/**
	 * Run the given action if the connection closes before an answer was sent, so a
	 * parked blocking query does not outlive its client.
	 */
	void onAbandon(Runnable action);

}
