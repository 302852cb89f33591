/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.rollout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.junction.starter.consul.ConsulBlockingQueries;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The few Consul calls the rollout controller makes, blocking, on its own thread: KV
 * reads with their {@code ModifyIndex}, check-and-set writes ({@code ?cas=}), and the
 * session and lock calls of leader election. Every failure is an {@link IOException}: the
 * controller then does nothing this round.
 * <p>
 * Internal to Junction (public for the console); it may change in any release.
 */
public final class ConsulKv {

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	private final String baseUrl;

	private final @Nullable String token;

	private final JsonMapper json;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	public ConsulKv(String baseUrl, @Nullable String token, JsonMapper json) {
		this.baseUrl = baseUrl;
		this.token = token;
		this.json = json;
	}

	/**
	 * One key.
	 * @return its value and index, {@code null} when it does not exist
	 */
	public @Nullable Entry get(String key) throws IOException {
		Map<String, Entry> entries = read(key, false);
		return entries.get(key);
	}

	/**
	 * The keys directly below a prefix, by their name below it.
	 */
	Map<String, Entry> list(String prefix) throws IOException {
		Map<String, Entry> below = new LinkedHashMap<>();
		read(prefix, true).forEach((key, entry) -> {
			String name = key.substring(prefix.length());
			if (!name.isEmpty() && !name.contains("/")) {
				below.put(name, entry);
			}
		});
		return below;
	}

	private Map<String, Entry> read(String key, boolean recurse) throws IOException {
		HttpResponse<byte[]> response = send(
				builder("/v1/kv/" + ConsulBlockingQueries.encodePath(key) + (recurse ? "?recurse" : "")).GET());
		if (response.statusCode() == 404) {
			return Map.of();
		}
		expectOk(response, "read " + key);
		Map<String, Entry> entries = new LinkedHashMap<>();
		for (JsonNode node : this.json.readTree(response.body())) {
			JsonNode value = node.get("Value");
			byte[] bytes = (value != null && value.isString()) ? Base64.getMimeDecoder().decode(value.stringValue())
					: new byte[0];
			entries.put(node.path("Key").asString(""), new Entry(bytes, node.path("ModifyIndex").asLong(0)));
		}
		return entries;
	}

	/**
	 * Writes a key only if its index is still {@code cas} (0: only if it does not exist).
	 * @return whether it was written
	 */
	boolean put(String key, byte[] value, long cas) throws IOException {
		HttpResponse<byte[]> response = send(builder("/v1/kv/" + ConsulBlockingQueries.encodePath(key) + "?cas=" + cas)
			.PUT(HttpRequest.BodyPublishers.ofByteArray(value)));
		expectOk(response, "write " + key);
		return "true".equals(new String(response.body(), StandardCharsets.UTF_8).strip());
	}

	/**
	 * Writes a key whatever its index.
	 */
	public void put(String key, byte[] value) throws IOException {
		HttpResponse<byte[]> response = send(builder("/v1/kv/" + ConsulBlockingQueries.encodePath(key))
			.PUT(HttpRequest.BodyPublishers.ofByteArray(value)));
		expectOk(response, "write " + key);
	}

	/**
	 * Deletes a key only if its index is still {@code cas}.
	 */
	boolean delete(String key, long cas) throws IOException {
		HttpResponse<byte[]> response = send(
				builder("/v1/kv/" + ConsulBlockingQueries.encodePath(key) + "?cas=" + cas).DELETE());
		expectOk(response, "delete " + key);
		return "true".equals(new String(response.body(), StandardCharsets.UTF_8).strip());
	}

	/**
	 * Creates a session that releases its locks when it ends.
	 * @return its id
	 */
	String createSession(String name, Duration ttl, Duration lockDelay) throws IOException {
		String delay = (lockDelay.toMillis() % 1000 == 0) ? lockDelay.toSeconds() + "s" : lockDelay.toMillis() + "ms";
		String body = this.json.writeValueAsString(
				Map.of("Name", name, "TTL", ttl.toSeconds() + "s", "LockDelay", delay, "Behavior", "release"));
		HttpResponse<byte[]> response = send(
				builder("/v1/session/create").PUT(HttpRequest.BodyPublishers.ofString(body)));
		expectOk(response, "create a session");
		return this.json.readTree(response.body()).required("ID").asString();
	}

	/**
	 * Renews a session.
	 * @return {@code false} when the session no longer exists
	 */
	boolean renewSession(String id) throws IOException {
		HttpResponse<byte[]> response = send(
				builder("/v1/session/renew/" + id).PUT(HttpRequest.BodyPublishers.noBody()));
		if (response.statusCode() == 404) {
			return false;
		}
		expectOk(response, "renew session " + id);
		return true;
	}

	void destroySession(String id) throws IOException {
		send(builder("/v1/session/destroy/" + id).PUT(HttpRequest.BodyPublishers.noBody()));
	}

	/**
	 * Takes (or keeps) the lock on a key for a session.
	 * @return whether the session holds it
	 */
	boolean acquire(String key, String session, byte[] value) throws IOException {
		HttpResponse<byte[]> response = send(
				builder("/v1/kv/" + ConsulBlockingQueries.encodePath(key) + "?acquire=" + session)
					.PUT(HttpRequest.BodyPublishers.ofByteArray(value)));
		expectOk(response, "acquire " + key);
		return "true".equals(new String(response.body(), StandardCharsets.UTF_8).strip());
	}

	void release(String key, String session) throws IOException {
		send(builder("/v1/kv/" + ConsulBlockingQueries.encodePath(key) + "?release=" + session)
			.PUT(HttpRequest.BodyPublishers.noBody()));
	}

	private HttpRequest.Builder builder(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(TIMEOUT);
		if (this.token != null) {
			builder.header(ConsulBlockingQueries.TOKEN_HEADER, this.token);
		}
		return builder;
	}

	private HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", ex);
		}
	}

	private static void expectOk(HttpResponse<byte[]> response, String what) throws IOException {
		if (response.statusCode() != 200) {
			throw new IOException("Consul answered " + response.statusCode() + " to " + what + ": "
					+ new String(response.body(), StandardCharsets.UTF_8));
		}
	}

	/**
	 * A key's value and index.
	 *
	 * @param value its bytes
	 * @param modifyIndex its {@code ModifyIndex}
	 */
	public record Entry(byte[] value, long modifyIndex) {
	}

}
