/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.netty.handler.codec.http.HttpResponseStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the body of {@code session/create} with Consul's defaults (this node, the
 * {@code serfHealth} check, a 15 s lock-delay, {@code release}) and refuses what Consul's
 * {@code Session.Apply} refuses, with its answers: an unknown behavior, a TTL that does
 * not parse or lies outside the allowed range. Consul answers those with a 500.
 */
final class SessionReader {

	/** Consul's default lock-delay. */
	static final Duration DEFAULT_LOCK_DELAY = Duration.ofSeconds(15);

	/**
	 * Below this many nanoseconds a lock-delay is taken as seconds: clients send
	 * {@code 5} meaning five seconds (Consul's {@code lockDelayMinThreshold}).
	 */
	private static final long LOCK_DELAY_SECONDS_BELOW = 1000;

	private SessionReader() {
	}

	/**
	 * The session a create request asks for, without ID and index yet.
	 * @param body the request body, possibly empty
	 * @param nodeName the agent's node, the default {@code Node}
	 * @param ttlMinimum the smallest TTL allowed (Consul's {@code session_ttl_min})
	 * @return the session to create
	 */
	static Session read(byte[] body, String nodeName, Duration ttlMinimum) {
		return read(parse(body), nodeName, ttlMinimum);
	}

	/** The body as JSON; an empty body is an empty object. */
	static ObjectNode parse(byte[] body) {
		return (body.length > 0) ? Json.parseObject(body) : Json.object();
	}

	/**
	 * The node a create request names, for the ACL check that comes before validation.
	 */
	static String node(ObjectNode json, String nodeName) {
		String node = Json.text(json, "Node");
		return (node != null && !node.isEmpty()) ? node : nodeName;
	}

	/**
	 * The session a parsed create request asks for, without ID and index yet.
	 * @param json the request body as JSON
	 * @param nodeName the agent's node, the default {@code Node}
	 * @param ttlMinimum the smallest TTL allowed (Consul's {@code session_ttl_min})
	 * @return the session to create
	 */
	static Session read(ObjectNode json, String nodeName, Duration ttlMinimum) {
		String name = Json.text(json, "Name");
		Duration lockDelay = lockDelay(json);
		String behavior = Json.text(json, "Behavior");
		String ttl = Json.text(json, "TTL");
		List<String> checks = Json.has(json, "Checks") ? Json.strings(json, "Checks")
				: List.of(CatalogState.SERF_CHECK_ID);
		List<String> nodeChecks = Json.has(json, "NodeChecks") ? Json.strings(json, "NodeChecks")
				: List.of(CatalogState.SERF_CHECK_ID);
		List<String> serviceChecks = serviceChecks(json);
		// Consul's fixupEmptySessionChecks: an empty
		// Checks empties the default NodeChecks,
		// the default Checks give way to NodeChecks, an empty NodeChecks drops Checks
		if (checks.isEmpty()) {
			nodeChecks = List.of();
			checks = null;
		}
		else if (checks.size() == 1 && checks.get(0).equals(CatalogState.SERF_CHECK_ID) || nodeChecks.isEmpty()) {
			checks = null;
		}
		boolean delete = behavior(behavior);
		return new Session(null, (name != null) ? name : "", node(json, nodeName), lockDelay, delete,
				ttl(ttl, ttlMinimum), nodeChecks, checks, serviceChecks, 0);
	}

	private static Duration lockDelay(ObjectNode json) {
		JsonNode value = Json.field(json, "LockDelay");
		if (value == null) {
			return DEFAULT_LOCK_DELAY;
		}
		Duration delay;
		if (value.isNumber()) {
			delay = Duration.ofNanos(value.longValue());
		}
		else if (value.isString()) {
			try {
				delay = GoDuration.parse(value.stringValue());
			}
			catch (IllegalArgumentException ex) {
				throw ApiException.badRequest("Request decode failed: time: " + ex.getMessage());
			}
		}
		else {
			throw ApiException.badRequest("Request decode failed: LockDelay must be a duration");
		}
		return (delay.toNanos() < LOCK_DELAY_SECONDS_BELOW) ? Duration.ofSeconds(delay.toNanos()) : delay;
	}

	private static List<String> serviceChecks(ObjectNode json) {
		JsonNode value = Json.field(json, "ServiceChecks");
		if (value == null) {
			return null;
		}
		if (!value.isArray()) {
			throw ApiException.badRequest("Request decode failed: ServiceChecks must be an array");
		}
		List<String> ids = new ArrayList<>();
		for (JsonNode check : value) {
			String id = check.isObject() ? Json.text(check, "ID") : null;
			if (id == null) {
				throw ApiException.badRequest("Request decode failed: a service check needs an ID");
			}
			ids.add(id);
		}
		return ids;
	}

	private static boolean behavior(String behavior) {
		if (behavior == null || behavior.isEmpty() || behavior.equals("release")) {
			return false;
		}
		if (behavior.equals("delete")) {
			return true;
		}
		throw refused("Invalid Behavior setting '" + behavior + "'");
	}

	private static String ttl(String ttl, Duration minimum) {
		if (ttl == null || ttl.isEmpty()) {
			return "";
		}
		Duration parsed;
		try {
			parsed = GoDuration.parse(ttl);
		}
		catch (IllegalArgumentException ex) {
			throw refused("Session TTL '" + ttl + "' invalid: time: " + ex.getMessage());
		}
		if (!parsed.isZero() && (parsed.compareTo(minimum) < 0 || parsed.compareTo(Session.MAX_TTL) > 0)) {
			throw refused("Invalid Session TTL '" + parsed.toNanos() + "', must be between ["
					+ GoDuration.format(minimum) + "=" + GoDuration.format(Session.MAX_TTL) + "]");
		}
		return ttl;
	}

	private static ApiException refused(String message) {
		return new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR, message);
	}

}
