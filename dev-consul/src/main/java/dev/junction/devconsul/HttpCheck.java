/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Locale;

/**
 * An HTTP check: sends the configured method and headers; 2xx is passing, 429 warning,
 * anything else (or no answer within the timeout) critical. The output reads like
 * Consul's: {@code HTTP GET <url>: 200 OK Output: <body>}.
 */
final class HttpCheck extends IntervalCheck {

	private static final int MAX_OUTPUT = 4 * 1024;

	private final CompletableFuture<HttpClient> client;

	HttpCheck(CheckDefinition definition, EventLoop loop, Sink sink, CompletableFuture<HttpClient> client) {
		super(definition, loop, sink);
		this.client = client;
	}

	@Override
	protected void probe(BiConsumer<HealthStatus, String> done) {
		String url = this.definition.target();
		String method = this.definition.method();
		HttpRequest request;
		try {
			request = request(url, method);
		}
		catch (IllegalArgumentException ex) {
			done.accept(HealthStatus.CRITICAL, method + " " + ApiException.quote(url) + ": " + ex.getMessage());
			return;
		}
		this.client.thenCompose((http) -> http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()))
			.whenComplete((response, failure) -> {
				if (failure != null) {
					done.accept(HealthStatus.CRITICAL, describe(method, url, failure));
					return;
				}
				int code = response.statusCode();
				HealthStatus status = (code >= 200 && code < 300) ? HealthStatus.PASSING
						: (code == 429) ? HealthStatus.WARNING : HealthStatus.CRITICAL;
				byte[] body = response.body();
				String text = new String(body, 0, Math.min(body.length, MAX_OUTPUT), StandardCharsets.UTF_8);
				done.accept(status, "HTTP " + method + " " + url + ": " + code + " "
						+ HttpResponseStatus.valueOf(code).reasonPhrase() + " Output: " + text);
			});
	}

	private HttpRequest request(String url, String method) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
			.timeout(this.definition.timeout())
			.method(method,
					(this.definition.body() != null) ? HttpRequest.BodyPublishers.ofString(this.definition.body())
							: HttpRequest.BodyPublishers.noBody());
		Map<String, List<String>> headers = this.definition.headers();
		if (!containsIgnoreCase(headers, "User-Agent")) {
			builder.header("User-Agent", "Consul Health Check");
		}
		if (!containsIgnoreCase(headers, "Accept")) {
			builder.header("Accept", "text/plain, text/*, */*");
		}
		headers.forEach((name, values) -> values.forEach((value) -> {
			try {
				builder.header(name, value);
			}
			catch (IllegalArgumentException ex) {
				// a header java.net.http does not let us set (Host, Connection): skip it
			}
		}));
		return builder.build();
	}

	private static boolean containsIgnoreCase(Map<String, List<String>> headers, String name) {
		return headers.keySet().stream().anyMatch(name::equalsIgnoreCase);
	}

	private String describe(String method, String url, Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		String reason = (cause instanceof HttpTimeoutException)
				? "context deadline exceeded (Client.Timeout exceeded while awaiting headers after "
						+ GoDuration.format(this.definition.timeout()) + ")"
				: (cause.getMessage() != null) ? cause.getClass().getSimpleName() + ": " + cause.getMessage()
						: cause.getClass().getSimpleName();
		String verb = method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT);
		return verb + " " + ApiException.quote(url) + ": " + reason;
	}

}
