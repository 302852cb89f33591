/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import dev.junction.testsupport.ConsulHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server standing in for one instance of a service: it answers every request
 * with its version, tells which {@code Junction-Version} it received, counts requests and
 * keeps the headers of the last one. Registered in the dev Consul agent with its version
 * metadata and a passing TTL check, as the starter registers real instances.
 */
final class FakeBackend implements AutoCloseable {

	static final String RECEIVED_VERSION = "X-Received-Junction-Version";

	/** Request header: milliseconds the instance waits before answering. */
	static final String DELAY = "X-Test-Delay";

	/**
	 * Request header: answer with what was received ({@code METHOD path body}) instead of
	 * the version, so that a test can tell which request an answer belongs to.
	 */
	static final String ECHO = "X-Test-Echo";

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(8);

	private final String consul;

	private final String id;

	private final String version;

	private final AtomicInteger hits = new AtomicInteger();

	private final AtomicReference<Headers> lastHeaders = new AtomicReference<>();

	private final AtomicReference<byte[]> lastBody = new AtomicReference<>(new byte[0]);

	private volatile Duration delay = Duration.ZERO;

	private volatile int status = 200;

	private volatile Map<String, List<String>> extraHeaders = Map.of();

	private volatile CountDownLatch hold = new CountDownLatch(0);

	private final Semaphore held = new Semaphore(0);

	private FakeBackend(String consul, String service, String version) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
		this.consul = consul;
		this.version = version;
		this.id = service + "-" + version + "-" + port();
		ConsulHttp.register(consul, this.id, service, port(), version);
	}

	static FakeBackend start(String consul, String service, String version) {
		try {
			return new FakeBackend(consul, service, version);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	String version() {
		return this.version;
	}

	int hits() {
		return this.hits.get();
	}

	Headers lastHeaders() {
		return this.lastHeaders.get();
	}

	byte[] lastBody() {
		return this.lastBody.get();
	}

	void answerAfter(Duration delay) {
		this.delay = delay;
	}

	/**
	 * Answers every request from now on with this status and these extra headers.
	 * @param status the status
	 * @param headers name, value, name, value…
	 */
	void answerWith(int status, String... headers) {
		Map<String, List<String>> extra = new HashMap<>();
		for (int i = 0; i + 1 < headers.length; i += 2) {
			extra.put(headers[i], List.of(headers[i + 1]));
		}
		this.extraHeaders = Map.copyOf(extra);
		this.status = status;
	}

	/**
	 * Holds every request until the latch opens (at most 30 s); {@link #held()} counts
	 * the requests that arrived meanwhile.
	 * @param release the latch the test opens
	 */
	void holdUntil(CountDownLatch release) {
		this.held.drainPermits();
		this.hold = release;
	}

	Semaphore held() {
		return this.held;
	}

	void deregister() {
		ConsulHttp.deregister(this.consul, this.id);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			byte[] received = in.readAllBytes();
			this.lastBody.set(received);
			this.lastHeaders.set(exchange.getRequestHeaders());
			this.hits.incrementAndGet();
			CountDownLatch hold = this.hold;
			if (hold.getCount() > 0) {
				this.held.release();
				hold.await(30, TimeUnit.SECONDS);
			}
			String delayHeader = exchange.getRequestHeaders().getFirst(DELAY);
			Duration delay = (delayHeader != null) ? Duration.ofMillis(Long.parseLong(delayHeader)) : this.delay;
			if (!delay.isZero()) {
				// a slow service, not a wait in a test
				Thread.sleep(delay.toMillis());
			}
			byte[] body = (exchange.getRequestHeaders().containsKey(ECHO) ? exchange.getRequestMethod() + " "
					+ exchange.getRequestURI().getRawPath() + " " + new String(received, StandardCharsets.UTF_8)
					: this.version)
				.getBytes(StandardCharsets.UTF_8);
			String receivedVersion = exchange.getRequestHeaders().getFirst("Junction-Version");
			exchange.getResponseHeaders()
				.putAll(Map.of("Content-Type", List.of("text/plain"), RECEIVED_VERSION,
						List.of((receivedVersion != null) ? receivedVersion : "none"), "Junction-Instance-Version",
						List.of(this.version)));
			exchange.getResponseHeaders().putAll(this.extraHeaders);
			exchange.sendResponseHeaders(this.status, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		try {
			deregister();
		}
		catch (RuntimeException ex) {
			// the agent may be gone already
		}
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
