package dev.junction.gateway.policy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.StringUtils;

/**
 * A chain of Consul blocking queries on one KV prefix
 * ({@code GET /v1/kv/<prefix>?recurse&index=&wait=}) that hands every answer, as the keys
 * directly below the prefix, to a listener. Consul answers a blocking query as soon as
 * anything under the prefix changes (deletes included), so a change reaches the listener
 * within one round trip. The chain is asynchronous (JDK {@link HttpClient#sendAsync}) and
 * holds no thread while Consul holds the query; when Consul cannot be reached it retries
 * with a growing delay and the listener keeps what it had.
 */
final class KvPrefixWatch {

	private static final Log logger = LogFactory.getLog(KvPrefixWatch.class);

	private static final Duration MAX_ERROR_DELAY = Duration.ofSeconds(10);

	private static final Duration EARLY_ANSWER = Duration.ofMillis(500);

	private final String prefix;

	private final String listUrl;

	private final @Nullable String token;

	private final Duration wait;

	private final Consumer<Map<String, Entry>> listener;

	private final JsonMapper json;

	private final HttpClient http;

	private volatile boolean running;

	private volatile boolean synced;

	private volatile long index;

	private volatile @Nullable CompletableFuture<?> inFlight;

	private int failures;

	KvPrefixWatch(String consulBaseUrl, String prefix, @Nullable String token, Duration wait,
			Consumer<Map<String, Entry>> listener, JsonMapper json) {
		this.prefix = StringUtils.trimLeadingCharacter(prefix, '/');
		this.listUrl = StringUtils.trimTrailingCharacter(consulBaseUrl, '/') + "/v1/kv/" + encodePath(this.prefix)
				+ "?recurse";
		this.token = token;
		this.wait = wait;
		this.listener = listener;
		this.json = json;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	boolean hasSynced() {
		return this.synced;
	}

	void start() {
		this.running = true;
		poll();
	}

	void stop() {
		this.running = false;
		CompletableFuture<?> request = this.inFlight;
		if (request != null) {
			request.cancel(true);
		}
	}

	boolean isRunning() {
		return this.running;
	}

	private void poll() {
		if (!this.running) {
			return;
		}
		long requested = this.index;
		long started = System.nanoTime();
		try {
			this.inFlight = this.http.sendAsync(request(requested), HttpResponse.BodyHandlers.ofByteArray())
				.whenComplete((response, failure) -> answered(requested, started, response, failure));
		}
		catch (RuntimeException ex) {
			answered(requested, started, null, ex);
		}
	}

	private HttpRequest request(long requested) {
		String url = this.listUrl;
		Duration timeout = Duration.ofSeconds(10);
		if (requested > 0) {
			url += "&index=" + requested + "&wait=" + Math.max(1, this.wait.toSeconds()) + "s";
			// Consul adds up to wait/16 of jitter before answering an unchanged query
			timeout = this.wait.plus(this.wait.dividedBy(16)).plusSeconds(5);
		}
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
		if (StringUtils.hasText(this.token)) {
			builder.header("X-Consul-Token", this.token);
		}
		return builder.build();
	}

	private void answered(long requested, long started, @Nullable HttpResponse<byte[]> response,
			@Nullable Throwable failure) {
		if (!this.running) {
			return;
		}
		Duration delay = Duration.ZERO;
		try {
			if (failure != null) {
				throw failure;
			}
			int status = (response != null) ? response.statusCode() : 0;
			if (response == null || (status != 200 && status != 404)) {
				throw new IllegalStateException("Consul answered " + status + " for " + this.listUrl);
			}
			long answered = response.headers().firstValueAsLong("X-Consul-Index").orElse(0);
			// a missing prefix is a 404 that still carries the index
			this.listener.accept((status == 200) ? entries(response.body()) : Map.of());
			// Consul's rules: start over when the index went backwards, never use one < 1
			this.index = (answered < requested) ? 0 : Math.max(answered, 1);
			this.synced = true;
			this.failures = 0;
			boolean early = Duration.ofNanos(System.nanoTime() - started).compareTo(EARLY_ANSWER) < 0;
			if (requested > 0 && answered == requested && early) {
				delay = Duration.ofSeconds(1);
			}
		}
		catch (Throwable ex) {
			this.failures++;
			delay = Duration.ofMillis(500L << Math.min(this.failures - 1, 5));
			delay = (delay.compareTo(MAX_ERROR_DELAY) > 0) ? MAX_ERROR_DELAY : delay;
			if (this.failures == 1) {
				logger.warn("Cannot watch Consul KV under '" + this.prefix + "' (" + ex
						+ "); what was read last stays in force and the watch retries. "
						+ "Check spring.cloud.consul.host/port and the ACL token.");
			}
		}
		if (delay.isZero()) {
			poll();
		}
		else {
			CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS).execute(this::poll);
		}
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

	private static String encodePath(String path) {
		StringBuilder encoded = new StringBuilder();
		for (String segment : path.split("/", -1)) {
			if (!encoded.isEmpty()) {
				encoded.append('/');
			}
			encoded.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
		}
		return encoded.toString();
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
