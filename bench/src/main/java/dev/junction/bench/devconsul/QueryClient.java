/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.devconsul;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.junction.bench.devconsul.Waiter.Outcome;

/**
 * Sends the waiters' blocking queries, each waiter on its own keep-alive connection. Two
 * kinds: the JDK's {@link HttpClient} (what an application would use) and a lean
 * single-selector client ({@link NioQueryClient}) that adds almost nothing to the
 * measured wake latency, so the figures describe the agent rather than the client.
 */
interface QueryClient extends AutoCloseable {

	/**
	 * Send {@code GET pathAndQuery} on waiter {@code id}'s connection.
	 * @return the outcome, completed when the whole answer has arrived
	 */
	CompletableFuture<Outcome> get(int id, String pathAndQuery);

	@Override
	void close();

	static QueryClient create(String kind, String host, int port) throws Exception {
		return switch (kind) {
			case "nio" -> new NioQueryClient(host, port);
			case "jdk" -> new JdkQueryClient("http://" + host + ":" + port);
			default -> throw new IllegalArgumentException("--client must be nio or jdk, was " + kind);
		};
	}

	/**
	 * {@link HttpClient#sendAsync} over HTTP/1.1; the pool gives each waiter a
	 * connection.
	 */
	final class JdkQueryClient implements QueryClient {

		private final ExecutorService executor = Executors.newFixedThreadPool(2, (task) -> {
			Thread thread = new Thread(task, "bench-jdk-http");
			thread.setDaemon(true);
			return thread;
		});

		private final HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(30))
			.executor(this.executor)
			.build();

		private final String baseUrl;

		JdkQueryClient(String baseUrl) {
			this.baseUrl = baseUrl;
		}

		@Override
		public CompletableFuture<Outcome> get(int id, String pathAndQuery) {
			HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + pathAndQuery))
				.timeout(Duration.ofMinutes(15))
				.build();
			return this.client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
				.handle((response, error) -> (error != null) ? new Outcome(-1, -1, System.nanoTime(), error)
						: new Outcome(response.statusCode(),
								response.headers().firstValue("X-Consul-Index").map(Long::parseLong).orElse(-1L),
								System.nanoTime(), null));
		}

		@Override
		public void close() {
			this.executor.shutdownNow();
		}

	}

}
