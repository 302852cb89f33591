/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import dev.junction.starter.consul.ConsulBlockingQueries;
import dev.junction.starter.consul.ConsulBlockingQuery;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.StringUtils;

/**
 * A {@link ConsulBlockingQuery} on one KV prefix
 * ({@code GET /v1/kv/<prefix>?recurse&index=&wait=}) that hands every answer, as the keys
 * directly below the prefix, to a listener. Consul answers a blocking query as soon as
 * anything under the prefix changes (deletes included), so a change reaches the listener
 * within one round trip; a missing prefix is a 404 with an index, handed over as no keys.
 * When Consul cannot be reached the query retries and the listener keeps what it had.
 */
final class KvPrefixWatch {

	private final String prefix;

	private final Consumer<Map<String, Entry>> listener;

	private final JsonMapper json;

	private final ConsulBlockingQuery query;

	KvPrefixWatch(ConsulBlockingQueries queries, String prefix, Duration wait, Consumer<Map<String, Entry>> listener,
			JsonMapper json) {
		this.prefix = StringUtils.trimLeadingCharacter(prefix, '/');
		this.listener = listener;
		this.json = json;
		this.query = queries.query("/v1/kv/" + ConsulBlockingQueries.encodePath(this.prefix) + "?recurse")
			.waitUpTo(wait)
			.notFoundAnswers()
			.describedAs("KV under '" + this.prefix + "'", () -> "what was read last stays in force")
			.build(this::answered);
	}

	boolean hasSynced() {
		return this.query.hasSynced();
	}

	void start() {
		this.query.start();
	}

	void stop() {
		this.query.stop();
	}

	boolean isRunning() {
		return this.query.isRunning();
	}

	private void answered(ConsulBlockingQuery.Answer answer) {
		this.listener.accept(answer.found() ? entries(answer.body()) : Map.of());
	}

	/** The keys directly below the prefix, by their name relative to it. */
	private Map<String, Entry> entries(byte[] body) {
		Map<String, Entry> entries = new HashMap<>();
		for (JsonNode node : this.json.readTree(body)) {
			String key = node.path("Key").asString("");
			String name = key.startsWith(this.prefix) ? key.substring(this.prefix.length()) : "";
			if (name.isEmpty() || name.contains("/")) {
				continue;
			}
			JsonNode value = node.get("Value");
			byte[] bytes = (value != null && value.isString()) ? Base64.getMimeDecoder().decode(value.stringValue())
					: null;
			entries.put(name, new Entry(node.path("ModifyIndex").asLong(0), bytes));
		}
		return entries;
	}

	/**
	 * One key's value.
	 *
	 * @param modifyIndex its {@code ModifyIndex}
	 * @param value its bytes, {@code null} when the key has none
	 */
	record Entry(long modifyIndex, byte @Nullable [] value) {
	}

}
