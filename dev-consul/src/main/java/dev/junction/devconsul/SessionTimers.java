/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The TTL timers of sessions, on an event loop (no thread per session). As Consul's
 * session timers do, a session is due after {@link Session#TTL_MULTIPLIER twice} its TTL
 * without renewal: the TTL is a lower bound. Callers hold the {@link SessionStore}'s
 * monitor.
 */
final class SessionTimers {

	private final EventExecutor timer;

	private final Map<String, ScheduledFuture<?>> timers = new HashMap<>();

	SessionTimers(EventExecutor timer) {
		this.timer = timer;
	}

	/**
	 * (Re)start a session's timer; nothing for a session without TTL.
	 * @param session the session
	 * @param due called on the event loop with the session ID and the timer that ran out;
	 * it should act only if {@link #isCurrent} still says so
	 */
	void arm(Session session, BiConsumer<String, Object> due) {
		cancel(session.id());
		Duration ttl = session.ttl().isEmpty() ? Duration.ZERO : GoDuration.parse(session.ttl());
		if (ttl.isZero()) {
			return;
		}
		long nanos = ttl.toNanos() * Session.TTL_MULTIPLIER;
		Object[] self = new Object[1];
		ScheduledFuture<?> scheduled = this.timer.schedule(() -> due.accept(session.id(), self[0]), nanos,
				TimeUnit.NANOSECONDS);
		self[0] = scheduled;
		this.timers.put(session.id(), scheduled);
	}

	/** Whether the timer is still the session's (no renewal or destroy since). */
	boolean isCurrent(String id, Object timer) {
		return timer != null && this.timers.get(id) == timer;
	}

	void cancel(String id) {
		ScheduledFuture<?> previous = this.timers.remove(id);
		if (previous != null) {
			previous.cancel(false);
		}
	}

}
