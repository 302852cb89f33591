/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.junction.testsupport.ConsulHttp;

/**
 * A real HTTP server standing in for one instance of a service whose answer a test sets:
 * a status, extra headers and a body naming the instance ({@code status from port}).
 * Counts the requests it received. Registered in the dev Consul agent, passing.
 */
final class StatusBackend implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(8);

	private final String consul;

	private final String id;

	private final AtomicInteger hits = new AtomicInteger();

	private volatile int status;

	private volatile Map<String, String> headers = Map.of();

	StatusBackend(String consul, String service, int status) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
		this.consul = consul;
		this.status = status;
		this.id = service + "-status-" + port();
		ConsulHttp.register(consul, this.id, service, port(), "v1");
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	int hits() {
		return this.hits.get();
	}

	/** The body every answer has at the given status. */
	String body(int status) {
		return status + " from " + port();
	}

	void answer(int status, Map<String, String> headers) {
		this.headers = headers;
		this.status = status;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			in.readAllBytes();
			this.hits.incrementAndGet();
			int answer = this.status;
			byte[] body = body(answer).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/plain");
			exchange.getResponseHeaders().set("X-Test-Instance", String.valueOf(port()));
			this.headers.forEach(exchange.getResponseHeaders()::set);
			exchange.sendResponseHeaders(answer, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

	@Override
	public void close() {
		try {
			ConsulHttp.deregister(this.consul, this.id);
		}
		catch (RuntimeException ex) {
			// the agent may be gone already
		}
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
