/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A session as created: what invalidates it and what then happens to the keys it locked.
 *
 * @param id the session ID (a UUID)
 * @param name the name given, possibly empty
 * @param node the node it belongs to
 * @param lockDelay how long its locked keys stay unacquirable after it is invalidated
 * @param delete whether invalidation deletes its locked keys ({@code delete}) instead of
 * releasing them ({@code release})
 * @param ttl the TTL as given ({@code ""} for none)
 * @param nodeChecks node checks that invalidate it when critical or gone
 * @param checks the deprecated {@code Checks} as Consul keeps them, or {@code null}
 * @param serviceChecks service check IDs that invalidate it, or {@code null}
 * @param createIndex the index at which it was created
 */
record Session(String id, String name, String node, Duration lockDelay, boolean delete, String ttl,
		List<String> nodeChecks, List<String> checks, List<String> serviceChecks, long createIndex) {

	/** Consul's {@code MaxLockDelay}: a longer lock-delay is not respected. */
	static final Duration MAX_LOCK_DELAY = Duration.ofSeconds(60);

	/** Consul's {@code SessionTTLMax}. */
	static final Duration MAX_TTL = Duration.ofHours(24);

	/**
	 * Consul's {@code SessionTTLMultiplier}: a session is invalidated only after twice
	 * its TTL without renewal.
	 */
	static final int TTL_MULTIPLIER = 2;

	/** Every check whose failure invalidates the session: node, deprecated, service. */
	List<String> allChecks() {
		return Stream
			.of(this.nodeChecks, (this.checks != null) ? this.checks : List.<String>of(),
					(this.serviceChecks != null) ? this.serviceChecks : List.<String>of())
			.flatMap(List::stream)
			.distinct()
			.toList();
	}

	/** The same session with its ID and index. */
	Session withId(String newId, long index) {
		return new Session(newId, this.name, this.node, this.lockDelay, this.delete, this.ttl, this.nodeChecks,
				this.checks, this.serviceChecks, index);
	}

	/** The session as Consul's session endpoints show it. */
	ObjectNode toJson() {
		ObjectNode json = Json.object()
			.put("ID", this.id)
			.put("Name", this.name)
			.put("Node", this.node)
			.put("LockDelay", this.lockDelay.toNanos())
			.put("Behavior", this.delete ? "delete" : "release")
			.put("TTL", this.ttl);
		json.set("NodeChecks", strings(this.nodeChecks));
		if (this.serviceChecks != null) {
			ArrayNode services = json.putArray("ServiceChecks");
			this.serviceChecks.forEach((check) -> services.addObject().put("ID", check).put("Namespace", ""));
		}
		else {
			json.putNull("ServiceChecks");
		}
		if (this.checks != null && !this.checks.isEmpty()) {
			json.set("Checks", strings(this.checks));
		}
		return json.put("CreateIndex", this.createIndex).put("ModifyIndex", this.createIndex);
	}

	private static ArrayNode strings(List<String> values) {
		ArrayNode array = Json.array();
		values.forEach(array::add);
		return array;
	}

}
