/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.consul;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

	private volatile boolean closed;

	/**
	 * Queries against one Consul agent.
	 * @param baseUrl the agent's address, e.g. {@code http://127.0.0.1:8500}
	 * @param token the ACL token, {@code null} or empty for anonymous
	 */
	public ConsulBlockingQueries(String baseUrl, @Nullable String token) {
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
