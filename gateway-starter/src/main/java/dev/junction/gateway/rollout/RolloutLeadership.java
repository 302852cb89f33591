/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.rollout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Leader election among the gateway's replicas with a Consul session and a lock, as
 * Consul's documentation describes it: a session with a TTL (renewed every third of it)
 * and a short {@code LockDelay} (Consul's default 15 s would stall a take-over), and
 * {@code ?acquire=} on the leader key every round. A leader that could not renew for two
 * thirds of the TTL stops acting on its own, before Consul can have handed the lock to
 * another replica (which needs the TTL, up to twice it, plus the lock delay).
 */
class RolloutLeadership {

	private static final Log logger = LogFactory.getLog(RolloutLeadership.class);

	private final ConsulKv consul;

	private final String key;

	private final String replica;

	private final Duration ttl;

	private final Duration lockDelay;

	private final LongSupplier nanoClock;

	private @Nullable String session;

	private long renewedAt;

	private boolean leader;

	RolloutLeadership(ConsulKv consul, String key, String replica, Duration ttl, Duration lockDelay,
			LongSupplier nanoClock) {
		this.consul = consul;
		this.key = key;
		this.replica = replica;
		this.ttl = ttl;
		this.lockDelay = lockDelay;
		this.nanoClock = nanoClock;
	}

	/**
	 * One round: keeps the session alive and tries to take or keep the lock.
	 * @return whether this replica may act as the leader until the next round
	 */
	synchronized boolean round() {
		long now = this.nanoClock.getAsLong();
		try {
			if (this.session == null) {
				this.session = this.consul.createSession("junction-rollouts-" + this.replica, this.ttl, this.lockDelay);
				this.renewedAt = now;
			}
			else if (now - this.renewedAt >= this.ttl.toNanos() / 3) {
				if (this.consul.renewSession(this.session)) {
					this.renewedAt = now;
				}
				else {
					lose("its Consul session ended");
					this.session = null;
					return false;
				}
			}
			boolean held = this.consul.acquire(this.key, this.session, this.replica.getBytes(StandardCharsets.UTF_8));
			if (held && !this.leader) {
				logger.info("This gateway (" + this.replica + ") now runs the rollouts (lock " + this.key + ")");
			}
			else if (!held && this.leader) {
				lose("another replica holds " + this.key);
			}
			this.leader = held;
		}
		catch (IOException | RuntimeException ex) {
			if (this.leader && now - this.renewedAt >= this.ttl.toNanos() * 2 / 3) {
				lose("Consul could not be reached for " + Duration.ofNanos(now - this.renewedAt).toMillis() + " ms ("
						+ ex.getMessage() + ")");
			}
		}
		return this.leader && now - this.renewedAt < this.ttl.toNanos() * 2 / 3;
	}

	private void lose(String why) {
		if (this.leader) {
			logger.info("This gateway (" + this.replica + ") stops running the rollouts: " + why);
		}
		this.leader = false;
	}

	/**
	 * Gives the lock up at once (on shutdown), so another replica takes over without
	 * waiting for the TTL.
	 */
	synchronized void resign() {
		String current = this.session;
		this.session = null;
		this.leader = false;
		if (current != null) {
			try {
				this.consul.release(this.key, current);
				this.consul.destroySession(current);
			}
			catch (IOException | RuntimeException ex) {
				// the TTL ends it
			}
		}
	}

	synchronized boolean isLeader() {
		return this.leader;
	}

}
