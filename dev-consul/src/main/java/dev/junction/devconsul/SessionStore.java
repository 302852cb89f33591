/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.EventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions and the KV locks they hold. Everything happens under the {@link KvStore}'s
 * monitor, so a lock is never granted to a session that is being invalidated; blocking
 * queries are woken after the monitor is released.
 *
 * <p>
 * A session is invalidated when it is destroyed, when its TTL runs out without renewal
 * (after twice the TTL, as Consul's session timers do), or when one of its checks goes
 * critical or away. Its locked keys are then released or deleted, and stay unacquirable
 * for its lock-delay (at most 60 s).
 */
final class SessionStore {

	private static final Logger logger = LoggerFactory.getLogger(SessionStore.class);

	private final KvStore kv;

	private final AtomicLong raftIndex;

	private final BlockingQueries waiters;

	private final SessionTimers timers;

	private final Map<String, Session> sessions = new LinkedHashMap<>();

	private final Map<String, Long> lockDelays = new HashMap<>();

	private long tableIndex;

	SessionStore(KvStore kv, AtomicLong raftIndex, BlockingQueries waiters, EventExecutor timer) {
		this.kv = kv;
		this.raftIndex = raftIndex;
		this.waiters = waiters;
		this.timers = new SessionTimers(timer);
		this.tableIndex = raftIndex.get();
	}

	/** The health of checks a session may name; {@code null} for an unknown check. */
	@FunctionalInterface
	interface CheckView {

		HealthStatus status(String checkId);

	}

	Session create(Session draft, String nodeName, CheckView checks) {
		Session session;
		synchronized (this.kv) {
			if (!draft.node().equals(nodeName)) {
				throw serverError("Missing node registration");
			}
			for (String check : draft.allChecks()) {
				requireHealthy(check, checks.status(check));
			}
			long index = this.raftIndex.incrementAndGet();
			session = draft.withId(UUID.randomUUID().toString(), index);
			this.sessions.put(session.id(), session);
			this.tableIndex = index;
			this.timers.arm(session, this::expire);
		}
		this.waiters.publish(List.of(Topics.SESSIONS), List.of());
		return session;
	}

	private static void requireHealthy(String checkId, HealthStatus status) {
		if (status == null) {
			throw serverError("Missing check '" + checkId + "' registration");
		}
		if (status == HealthStatus.CRITICAL) {
			throw serverError("Check '" + checkId + "' is in critical state");
		}
	}

	/** Restart the session's TTL; {@code null} when there is no such session. */
	Session renew(String id) {
		synchronized (this.kv) {
			Session session = this.sessions.get(id);
			if (session != null) {
				this.timers.arm(session, this::expire);
			}
			return session;
		}
	}

	void destroy(String id) {
		invalidate(id, "destroyed");
	}

	Session get(String id) {
		synchronized (this.kv) {
			return this.sessions.get(id);
		}
	}

	List<Session> list() {
		synchronized (this.kv) {
			return new ArrayList<>(this.sessions.values());
		}
	}

	long index() {
		synchronized (this.kv) {
			return this.tableIndex;
		}
	}

	/**
	 * {@code ?acquire}: take the key's lock for the session and write the value.
	 * @return whether the session holds the lock now
	 * @throws ApiException Consul's 500 for a missing or unknown session
	 */
	boolean acquire(String key, byte[] value, long flags, String session) {
		boolean locked;
		synchronized (this.kv) {
			if (!lockDelayLeft(key).isZero()) {
				logger.info("Refused lock of key '{}' for session '{}': the key is in its lock-delay", key, session);
				return false;
			}
			if (session.isEmpty()) {
				throw serverError("missing session");
			}
			if (!this.sessions.containsKey(session)) {
				throw serverError("invalid session " + ApiException.quote(session));
			}
			locked = this.kv.lock(key, value, flags, session);
		}
		if (locked) {
			this.waiters.publish(List.of(Topics.KV), List.of(key));
		}
		return locked;
	}

	/** How long the key stays in its lock-delay; zero when it is not in one. */
	Duration lockDelayLeft(String key) {
		synchronized (this.kv) {
			Long until = this.lockDelays.get(key);
			long left = (until != null) ? until - System.nanoTime() : 0;
			if (until != null && left <= 0) {
				this.lockDelays.remove(key);
			}
			return Duration.ofNanos(Math.max(0, left));
		}
	}

	/** {@code ?release}: clear the key's lock if the session holds it (no lock-delay). */
	boolean release(String key, byte[] value, long flags, String session) {
		if (session.isEmpty()) {
			throw serverError("missing session");
		}
		boolean released = this.kv.unlock(key, value, flags, session);
		if (released) {
			this.waiters.publish(List.of(Topics.KV), List.of(key));
		}
		return released;
	}

	/** Invalidate every session with a check that is now critical or gone. */
	void checksChanged(CheckView checks) {
		List<String> failed = new ArrayList<>();
		synchronized (this.kv) {
			for (Session session : this.sessions.values()) {
				if (session.allChecks().stream().map(checks::status).anyMatch(SessionStore::invalidates)) {
					failed.add(session.id());
				}
			}
		}
		failed.forEach((id) -> invalidate(id, "a check of it is critical or deregistered"));
	}

	/** A check gone or critical invalidates its sessions; warning does not. */
	private static boolean invalidates(HealthStatus status) {
		return status == null || status == HealthStatus.CRITICAL;
	}

	private void invalidate(String id, String reason) {
		List<String> changedKeys;
		synchronized (this.kv) {
			Session session = this.sessions.remove(id);
			if (session == null) {
				return;
			}
			this.timers.cancel(id);
			this.tableIndex = this.raftIndex.incrementAndGet();
			changedKeys = this.kv.dropLocksOf(id, session.delete());
			Duration delay = (session.lockDelay().compareTo(Session.MAX_LOCK_DELAY) > 0) ? Session.MAX_LOCK_DELAY
					: session.lockDelay();
			if (delay.toNanos() > 0) {
				long until = System.nanoTime() + delay.toNanos();
				changedKeys.forEach((key) -> this.lockDelays.put(key, until));
			}
			logger.info("Session '{}' invalidated ({}); {} its {} key(s)", id, reason,
					session.delete() ? "deleted" : "released", changedKeys.size());
		}
		this.waiters.publish(List.of(Topics.SESSIONS), List.of());
		if (!changedKeys.isEmpty()) {
			this.waiters.publish(List.of(Topics.KV), changedKeys);
		}
	}

	private void expire(String id, Object timer) {
		synchronized (this.kv) {
			if (!this.timers.isCurrent(id, timer)) {
				return;
			}
		}
		invalidate(id, "its TTL ran out");
	}

	private static ApiException serverError(String message) {
		return new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR, message);
	}

}
