/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.consul;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import dev.junction.starter.JunctionScheduler;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.StringUtils;

/**
 * Where every Consul watch of Junction comes from (the instance lists of the starter, the
 * live policies of the gateway, anything else that watches Consul): one JDK
 * {@link HttpClient}, whose single selector thread serves every held query, one
 * {@link JunctionScheduler} for the pauses between queries, one agent address and ACL
 * token. Closing it (with the application context) stops every query it made.
 * <p>
 * It also knows whether Consul can be reached: since when the agent has not answered (the
 * first failure of any query since the last success), and it tells those who asked when a
 * query saw the agent reset (an index that went backwards, or the first answer after
 * failures), so the instance can check that the agent still knows it.
 * <p>
 * Internal to Junction: public so that the gateway starter can use it, not an API for
 * applications; it may change in any release.
 */
public class ConsulBlockingQueries implements DisposableBean {

	/** The header that carries the ACL token. */
	public static final String TOKEN_HEADER = "X-Consul-Token";

	private final String baseUrl;

	private final @Nullable String token;

	private final HttpClient http;

	private final JunctionScheduler scheduler;

	private final Set<ConsulBlockingQuery> queries = ConcurrentHashMap.newKeySet();

	private final Clock clock;

	private final AtomicReference<Instant> unreachableSince = new AtomicReference<>();

	private final List<Runnable> resetListeners = new CopyOnWriteArrayList<>();

	private volatile boolean closed;

	/**
	 * Queries against one Consul agent.
	 * @param baseUrl the agent's address, e.g. {@code http://127.0.0.1:8500}
	 * @param token the ACL token, {@code null} or empty for anonymous
	 */
	public ConsulBlockingQueries(String baseUrl, @Nullable String token) {
		this(baseUrl, token, Clock.systemUTC());
	}

	/**
	 * Queries against one Consul agent, with a clock for the times they report.
	 * @param baseUrl the agent's address, e.g. {@code http://127.0.0.1:8500}
	 * @param token the ACL token, {@code null} or empty for anonymous
	 * @param clock the clock
	 */
	public ConsulBlockingQueries(String baseUrl, @Nullable String token, Clock clock) {
		this.clock = clock;
		this.baseUrl = StringUtils.trimTrailingCharacter(baseUrl, '/');
		this.token = StringUtils.hasText(token) ? token : null;
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		this.scheduler = JunctionScheduler.named("junction-consul-watch");
	}

	/**
	 * Starts describing a chain of blocking queries on one endpoint.
	 * @param pathAndQuery the path below the agent's address with its query parameters,
	 * already encoded, e.g. {@code /v1/health/service/users?passing}; {@code index} and
	 * {@code wait} are added by the query
	 * @return a builder
	 */
	public ConsulBlockingQuery.Builder query(String pathAndQuery) {
		return new ConsulBlockingQuery.Builder(this, this.baseUrl + pathAndQuery);
	}

	/**
	 * Encodes one path segment or query parameter value ({@code %20} for a space).
	 * @param value the raw value
	 * @return the encoded value
	 */
	public static String encode(@Nullable String value) {
		return URLEncoder.encode((value != null) ? value : "", StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * Encodes a path of several segments, such as a KV key, keeping its slashes.
	 * @param path the raw path
	 * @return the encoded path
	 */
	public static String encodePath(String path) {
		StringBuilder encoded = new StringBuilder();
		for (String segment : path.split("/", -1)) {
			if (!encoded.isEmpty()) {
				encoded.append('/');
			}
			encoded.append(encode(segment));
		}
		return encoded.toString();
	}

	/**
	 * Sends one plain GET to the agent, outside any chain, and records whether the agent
	 * answered.
	 * @param pathAndQuery the path below the agent's address, already encoded
	 * @param timeout how long to wait for the answer
	 * @return the status the agent answered with
	 * @throws IOException when the agent cannot be reached
	 */
	public int get(String pathAndQuery, Duration timeout) throws IOException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + pathAndQuery))
			.timeout(timeout)
			.GET();
		if (this.token != null) {
			request.header(TOKEN_HEADER, this.token);
		}
		try {
			int status = this.http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
			answered();
			return status;
		}
		catch (IOException ex) {
			failed();
			throw ex;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while asking Consul");
		}
	}

	/**
	 * Since when Consul has not answered: the time of the first failed query since the
	 * last answer.
	 * @return the time, {@code null} while Consul answers (or nothing asked yet)
	 */
	public @Nullable Instant unreachableSince() {
		return this.unreachableSince.get();
	}

	/**
	 * Asks to be told when a query sees the agent reset (its index went backwards, or it
	 * answered again after failures): it may have restarted without its state.
	 * @param listener called on the HTTP client's threads; must not block
	 */
	public void onReset(Runnable listener) {
		this.resetListeners.add(listener);
	}

	/**
	 * The clock of the times the queries report.
	 * @return the clock
	 */
	public Clock clock() {
		return this.clock;
	}

	void answered() {
		this.unreachableSince.set(null);
	}

	void failed() {
		this.unreachableSince.compareAndSet(null, this.clock.instant());
	}

	void reset() {
		this.resetListeners.forEach(Runnable::run);
	}

	/**
	 * The agent's address, for Junction's other calls to the same agent.
	 * @return e.g. {@code http://127.0.0.1:8500}, without a trailing slash
	 */
	public String baseUrl() {
		return this.baseUrl;
	}

	/**
	 * The ACL token every query carries.
	 * @return the token, {@code null} for anonymous
	 */
	public @Nullable String token() {
		return this.token;
	}

	HttpClient http() {
		return this.http;
	}

	JunctionScheduler scheduler() {
		return this.scheduler;
	}

	boolean register(ConsulBlockingQuery query) {
		this.queries.add(query);
		return !this.closed;
	}

	void unregister(ConsulBlockingQuery query) {
		this.queries.remove(query);
	}

	/**
	 * Stops every query and the scheduler of their pauses.
	 */
	@Override
	public void destroy() {
		this.closed = true;
		this.queries.forEach(ConsulBlockingQuery::stop);
		this.scheduler.close();
	}

}
