/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import dev.junction.starter.consul.ConsulBlockingQueries;
import dev.junction.starter.consul.ConsulBlockingQuery;
import dev.junction.starter.consul.SnapshotStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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
 * Right after the agent reset (restarted without its state, say) a missing prefix or no
 * keys does not replace what the listener has until the grace period ends, so an agent
 * restarted empty does not wipe the live policies before an operator restores them. The
 * last answer is written to the {@link SnapshotStore}, and read from it when Consul
 * cannot be reached at start.
 */
final class KvPrefixWatch {

	private static final Log logger = LogFactory.getLog(KvPrefixWatch.class);

	private final String prefix;

	private final Consumer<Map<String, Entry>> listener;

	private final JsonMapper json;

	private final ConsulBlockingQuery query;

	private final @Nullable SnapshotStore snapshots;

	private volatile byte[] body = new byte[0];

	private volatile boolean holding;

	private volatile boolean fromSnapshot;

	KvPrefixWatch(ConsulBlockingQueries queries, String prefix, Duration wait, Consumer<Map<String, Entry>> listener,
			JsonMapper json) {
		this(queries, prefix, wait, Duration.ZERO, null, listener, json);
	}

	KvPrefixWatch(ConsulBlockingQueries queries, String prefix, Duration wait, Duration resetGrace,
			@Nullable SnapshotStore snapshots, Consumer<Map<String, Entry>> listener, JsonMapper json) {
		this.prefix = StringUtils.trimLeadingCharacter(prefix, '/');
		this.listener = listener;
		this.json = json;
		this.snapshots = snapshots;
		this.query = queries.query("/v1/kv/" + ConsulBlockingQueries.encodePath(this.prefix) + "?recurse")
			.waitUpTo(wait)
			.notFoundAnswers()
			.describedAs("KV under '" + this.prefix + "'", () -> "what was read last stays in force")
			.holdEmptyAfterReset(resetGrace, (answer) -> !answer.found() || entries(answer.body()).isEmpty(),
					() -> this.holding)
			.whenUnreachableAtStart(this::restoreSnapshot)
			.build(this::answered);
	}

	boolean hasSynced() {
		return this.query.hasSynced() || this.fromSnapshot;
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
		Map<String, Entry> entries = answer.found() ? entries(answer.body()) : Map.of();
		this.listener.accept(entries);
		this.holding = !entries.isEmpty();
		this.fromSnapshot = false;
		byte[] found = answer.found() ? answer.body() : "[]".getBytes(StandardCharsets.UTF_8);
		if (this.snapshots != null && !Arrays.equals(this.body, found)) {
			this.body = found;
			this.snapshots.changed(snapshotName(), () -> this.body);
		}
	}

	private void restoreSnapshot() {
		if (this.snapshots == null) {
			return;
		}
		Optional<SnapshotStore.Snapshot> snapshot = this.snapshots.read(snapshotName());
		if (snapshot.isEmpty()) {
			return;
		}
		Map<String, Entry> entries;
		try {
			entries = entries(snapshot.get().content());
		}
		catch (RuntimeException ex) {
			this.snapshots.corrupt(snapshotName(), ex);
			return;
		}
		this.listener.accept(entries);
		this.holding = !entries.isEmpty();
		this.body = snapshot.get().content();
		this.fromSnapshot = true;
		logger.info("Live policies under '" + this.prefix + "' from the snapshot written at "
				+ snapshot.get().writtenAt() + " (" + entries.size() + " key(s)), Consul unreachable");
	}

	private String snapshotName() {
		return "kv-" + this.prefix;
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
