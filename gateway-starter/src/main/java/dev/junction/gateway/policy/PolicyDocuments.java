/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the policy documents of Consul KV for whatever else of the gateway
 * writes policies (the rollout controller), with the same rules the KV watch applies.
 */
public final class PolicyDocuments {

	private PolicyDocuments() {
	}

	/**
	 * Reads a document.
	 * @param json its bytes
	 * @param mapper the JSON mapper
	 * @return the policy
	 * @throws IllegalArgumentException saying what is wrong
	 */
	public static TrafficPolicy read(byte @Nullable [] json, JsonMapper mapper) {
		return PolicyDocument.parse(json, mapper);
	}

	/**
	 * Writes a whole policy.
	 * @param policy the policy
	 * @param mapper the JSON mapper
	 * @return the document's bytes
	 */
	public static byte[] write(TrafficPolicy policy, JsonMapper mapper) {
		return PolicyDocument.write(policy, mapper);
	}

}
