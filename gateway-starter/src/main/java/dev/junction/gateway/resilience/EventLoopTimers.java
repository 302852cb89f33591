/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.resilience;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.ThreadExecutorMap;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The scheduler a request's timers run on: the Netty event loop that handles the request,
 * when the calling thread is one, else Reactor's parallel scheduler.
 * <p>
 * A per-try timeout is armed and, far more often, cancelled once for every request. On
 * Reactor's parallel scheduler each of those takes a lock on a shared delay queue and can
 * wake its thread; on the request's own event loop both are a change to a queue that only
 * that thread touches, and a timeout that fires runs where the request runs.
 * <p>
 * Each thread keeps the scheduler of the event loop it last ran for, and makes a new one
 * when it runs for another (Netty lets a thread run tasks of an executor it is lent to).
 * The schedulers belong to the event loops: nobody disposes them (that would shut down
 * the event loop).
 */
final class EventLoopTimers {

	private static final FastThreadLocal<Bound> LAST = new FastThreadLocal<>();

	private EventLoopTimers() {
	}

	/**
	 * The scheduler for a timer armed by the calling thread.
	 * @return the calling thread's event loop as a scheduler, or Reactor's parallel
	 * scheduler when the calling thread is not an event loop
	 */
	static Scheduler current() {
		EventExecutor eventLoop = ThreadExecutorMap.currentExecutor();
		if (eventLoop == null) {
			return Schedulers.parallel();
		}
		Bound last = LAST.get();
		if (last == null || last.eventLoop != eventLoop) {
			last = new Bound(eventLoop, Schedulers.fromExecutorService(eventLoop, "junction-event-loop-timers"));
			LAST.set(last);
		}
		return last.scheduler;
	}

	private record Bound(EventExecutor eventLoop, Scheduler scheduler) {
	}

}
