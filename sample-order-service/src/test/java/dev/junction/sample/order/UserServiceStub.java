/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.junction.starter.JunctionHeaders;

/**
 * Plays user-service's {@code GET /api/users/{id}} over real HTTP: users 1 to 999 exist,
 * every other id is a {@code 404} problem. (The real user-service runs in the
 * cross-module integration tests; here order-service's side of the call is under test.)
 */
final class UserServiceStub implements AutoCloseable {

	static final long UNKNOWN_USER = 404_404;

	private final HttpServer server;

	private final Map<String, String> versions = new ConcurrentHashMap<>();

	private UserServiceStub(HttpServer server) {
		this.server = server;
	}

	static UserServiceStub start() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		UserServiceStub stub = new UserServiceStub(server);
		server.createContext("/api/users/", stub::handle);
		server.start();
		return stub;
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	/** The {@code Junction-Version} the last request for the user came with, if any. */
	String versionAsked(long userId) {
		return this.versions.get(Long.toString(userId));
	}

	private void handle(HttpExchange exchange) throws IOException {
		String id = exchange.getRequestURI().getPath().substring("/api/users/".length());
		long userId = id.matches("\\d{1,9}") ? Long.parseLong(id) : -1;
		String version = exchange.getRequestHeaders().getFirst(JunctionHeaders.VERSION);
		if (version != null) {
			this.versions.put(id, version);
		}
		if (userId >= 1 && userId <= 999) {
			respond(exchange, 200, "application/json", """
					{"id": %d, "name": "User %d", "email": "user%d@example.org", "orderCount": 0}""".formatted(userId,
					userId, userId));
		}
		else {
			respond(exchange, 404, "application/problem+json", """
					{"status": 404, "title": "User not found"}""");
		}
	}

	private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
