/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.util.concurrent.ExecutionException;

/**
 * A minimal Consul HTTP client for the conformance suite: raw paths (as
 * spring-cloud-consul sends them), optional token, nothing hidden.
 */
final class ConsulHttp {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String baseUrl;

	private final String token;

	ConsulHttp(String baseUrl) {
		this(baseUrl, null);
	}

	private ConsulHttp(String baseUrl, String token) {
		this.baseUrl = baseUrl;
		this.token = token;
	}

	/** The same agent, sending the token in {@code X-Consul-Token}. */
	ConsulHttp withToken(String token) {
		return new ConsulHttp(this.baseUrl, token);
	}

	Reply get(String path) {
		return send("GET", path, null);
	}

	Reply put(String path) {
		return send("PUT", path, "");
	}

	Reply put(String path, String body) {
		return send("PUT", path, body);
	}

	Reply delete(String path) {
		return send("DELETE", path, null);
	}

	Reply send(String method, String path, String body, String... headers) {
		try {
			return sendAsync(method, path, body, headers).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new UncheckedIOException(new IOException(method + " " + path + " failed", ex.getCause()));
		}
	}

	CompletableFuture<Reply> getAsync(String path) {
		return sendAsync("GET", path, null);
	}

	CompletableFuture<Reply> sendAsync(String method, String path, String body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(60))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (this.token != null) {
			request.header("X-Consul-Token", this.token);
		}
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
			.thenApply((response) -> new Reply(response.statusCode(), response.body(), response.headers()));
	}

	/**
	 * An answer.
	 *
	 * @param status the HTTP status
	 * @param body the body as text
	 * @param headers the headers
	 */
	record Reply(int status, String body, HttpHeaders headers) {

		/** The {@code X-Consul-Index} header, or -1. */
		long index() {
			return this.headers.firstValueAsLong("X-Consul-Index").orElse(-1);
		}

		JsonNode json() {
			return JSON.readTree(this.body);
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

}
