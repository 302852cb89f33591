/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.junction.testsupport.AppInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed number of orders placed as fast as a few client threads go, each with an
 * {@code Idempotency-Key} of its own and retried with the same key until order-service
 * answers 201 or 200 (a replay), as a careful client does: an order whose answer was lost
 * to a crash is placed exactly once all the same. Bounded: a single order gives up after
 * two minutes of attempts (a failure the scenario reports).
 */
final class OrderLoad implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(OrderLoad.class);

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final Supplier<AppInstance> orderService;

	private final List<Long> users;

	private final int total;

	private final String runId = Long.toString(System.currentTimeMillis(), 36);

	private final ExecutorService workers;

	private final AtomicInteger next = new AtomicInteger();

	private final AtomicLong placed = new AtomicLong();

	private final AtomicLong retried = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	OrderLoad(Supplier<AppInstance> orderService, List<Long> users, int total, int threads) {
		this.orderService = orderService;
		this.users = users;
		this.total = total;
		this.workers = Executors.newFixedThreadPool(threads);
		for (int i = 0; i < threads; i++) {
			this.workers.execute(this::placeOrders);
		}
	}

	private void placeOrders() {
		for (int index = this.next.getAndIncrement(); index < this.total; index = this.next.getAndIncrement()) {
			long user = this.users.get(index % this.users.size());
			if (place(user, this.runId + "-" + index)) {
				this.placed.incrementAndGet();
			}
			else {
				this.failed.incrementAndGet();
			}
		}
	}

	private boolean place(long user, String key) {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
		String body = "{\"userId\": " + user + ", \"product\": \"coffee\", \"quantity\": 1}";
		while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
			HttpRequest request = HttpRequest.newBuilder(URI.create(this.orderService.get().url("/api/orders")))
				.header("Content-Type", "application/json")
				.header("Idempotency-Key", key)
				.timeout(Duration.ofSeconds(20))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			try {
				int status = this.client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
				if (status == 201 || status == 200) {
					return true;
				}
			}
			catch (IOException ex) {
				// the instance is down or restarting: try again with the same key
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
			this.retried.incrementAndGet();
			Pause.millis(200);
		}
		return false;
	}

	long placed() {
		return this.placed.get();
	}

	long failed() {
		return this.failed.get();
	}

	long retried() {
		return this.retried.get();
	}

	boolean isDone() {
		return this.placed.get() + this.failed.get() >= this.total;
	}

	String progress() {
		return "%d of %d placed, %d attempts retried, %d given up".formatted(this.placed.get(), this.total,
				this.retried.get(), this.failed.get());
	}

	@Override
	public void close() {
		this.workers.shutdownNow();
		try {
			if (!this.workers.awaitTermination(30, TimeUnit.SECONDS)) {
				logger.warn("Order clients did not stop within 30 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
