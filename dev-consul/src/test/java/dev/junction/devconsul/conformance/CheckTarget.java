/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A tiny HTTP server for HTTP checks to probe: each path answers a status the test can
 * flip, and remembers the last request it got. Listens on every interface so a Consul
 * container can reach it too.
 */
final class CheckTarget implements AutoCloseable {

	private final HttpServer server;

	private final Map<String, Integer> statuses = new ConcurrentHashMap<>();

	private final Map<String, Seen> seen = new ConcurrentHashMap<>();

	private CheckTarget(HttpServer server) {
		this.server = server;
	}

	static CheckTarget start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(0), 50);
			CheckTarget target = new CheckTarget(server);
			server.createContext("/", target::handle);
			server.start();
			return target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	/** A fresh path that answers 200 until told otherwise. */
	String newPath() {
		String path = "/health/" + UUID.randomUUID();
		this.statuses.put(path, 200);
		return path;
	}

	void answer(String path, int status) {
		this.statuses.put(path, status);
	}

	/** The last request to the path, or {@code null}. */
	Seen lastRequest(String path) {
		return this.seen.get(path);
	}

	private void handle(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		try (InputStream body = exchange.getRequestBody()) {
			body.readAllBytes();
		}
		this.seen.put(path, new Seen(exchange.getRequestMethod(), Map.copyOf(exchange.getRequestHeaders())));
		int status = this.statuses.getOrDefault(path, 404);
		byte[] text = ("status " + status).getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, text.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(text);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	/**
	 * A request the server got.
	 *
	 * @param method the method
	 * @param headers the headers (names as the JDK normalises them: {@code X-probe})
	 */
	record Seen(String method, Map<String, List<String>> headers) {

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

	}

}
