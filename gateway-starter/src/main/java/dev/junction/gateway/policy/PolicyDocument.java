/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.junction.gateway.GatewayHeaders;
import dev.junction.starter.JsonDocuments;

/**
 * Reads the JSON policy documents kept in Consul KV under {@code junction/policies/}. A
 * document is one whole policy (members omitted take the documented defaults, never the
 * configured values, so what is in KV is all that applies):
 *
 * <pre class="code">
 * {
 *   "stableVersion": "v1",          // required
 *   "canaryVersion": "v2",          // default: none (no canary)
 *   "canaryWeight": 20,             // 0-100, default 0
 *   "canaryHeader": "X-Canary",     // default X-Canary
 *   "canaryHeaderValue": null,      // default: always/never
 *   "canaryCookie": "canary",       // default canary
 *   "sticky": "header",             // none | header | cookie | client-address, default header
 *   "stickyName": "X-User-Id",      // default X-User-Id
 *   "fallback": true                // default true
 * }
 * </pre>
 *
 * Anything else (unknown members, wrong types, values a {@link TrafficPolicy} rejects,
 * more than {@value #MAX_BYTES} bytes) makes the whole document invalid.
 */
final class PolicyDocument {

	static final int MAX_BYTES = 16 * 1024;

	private static final Set<String> MEMBERS = Set.of("stableVersion", "canaryVersion", "canaryWeight", "canaryHeader",
			"canaryHeaderValue", "canaryCookie", "sticky", "stickyName", "fallback");

	private static final Map<String, Sticky> STICKY = Map.of("none", Sticky.NONE, "header", Sticky.HEADER, "cookie",
			Sticky.COOKIE, "client-address", Sticky.CLIENT_ADDRESS);

	private final JsonNode root;

	private PolicyDocument(JsonNode root) {
		this.root = root;
	}

	/**
	 * Parses and validates a document.
	 * @param json the document's bytes
	 * @return the policy it describes
	 * @throws IllegalArgumentException saying what is wrong
	 */
	static TrafficPolicy parse(byte @Nullable [] json, JsonMapper mapper) {
		JsonNode root = JsonDocuments.readObject(json, MAX_BYTES, "a JSON policy object", mapper);
		return new PolicyDocument(root).toPolicy();
	}

	private TrafficPolicy toPolicy() {
		JsonDocuments.onlyMembers(this.root, MEMBERS, "");
		String sticky = text("sticky", "header");
		Sticky stickyKind = STICKY.get(sticky.toLowerCase(Locale.ROOT));
		if (stickyKind == null) {
			throw new IllegalArgumentException("sticky must be one of " + STICKY.keySet());
		}
		return new TrafficPolicy(text("stableVersion", null), text("canaryVersion", null), integer("canaryWeight"),
				text("canaryHeader", GatewayHeaders.CANARY), text("canaryHeaderValue", null),
				text("canaryCookie", GatewayHeaders.CANARY_COOKIE), stickyKind,
				text("stickyName", GatewayHeaders.USER_ID), bool("fallback", true));
	}

	/**
	 * Writes a whole policy as a document {@link #parse} reads back to the same policy
	 * (every member written, so no default can change what it means).
	 * @param policy the policy
	 * @param mapper the JSON mapper
	 * @return the document's bytes
	 */
	static byte[] write(TrafficPolicy policy, JsonMapper mapper) {
		Map<String, Object> members = new LinkedHashMap<>();
		members.put("stableVersion", policy.stableVersion());
		members.put("canaryVersion", policy.canaryVersion());
		members.put("canaryWeight", policy.canaryWeight());
		members.put("canaryHeader", policy.canaryHeader());
		members.put("canaryHeaderValue", policy.canaryHeaderValue());
		members.put("canaryCookie", policy.canaryCookie());
		String sticky = STICKY.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() == policy.sticky())
			.map(Map.Entry::getKey)
			.findFirst()
			.orElseThrow();
		members.put("sticky", sticky);
		members.put("stickyName", policy.stickyName());
		members.put("fallback", policy.fallback());
		return mapper.writeValueAsString(members).getBytes(StandardCharsets.UTF_8);
	}

	private @Nullable String text(String name, @Nullable String fallback) {
		JsonNode node = this.root.get(name);
		if (node == null || node.isNull()) {
			return fallback;
		}
		if (!node.isString()) {
			throw new IllegalArgumentException(name + " must be a string");
		}
		return node.stringValue();
	}

	private int integer(String name) {
		JsonNode node = this.root.get(name);
		if (node == null || node.isNull()) {
			return 0;
		}
		if (!node.isIntegralNumber() || !node.canConvertToInt()) {
			throw new IllegalArgumentException(name + " must be a whole number");
		}
		return node.intValue();
	}

	private boolean bool(String name, boolean fallback) {
		JsonNode node = this.root.get(name);
		if (node == null || node.isNull()) {
			return fallback;
		}
		if (!node.isBoolean()) {
			throw new IllegalArgumentException(name + " must be true or false");
		}
		return node.booleanValue();
	}

}
