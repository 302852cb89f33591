/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.it;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.junction.testsupport.AppInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded order traffic to one order-service instance on loopback: a fixed number of
 * client threads place orders ({@code POST /api/orders}) for the given users, either at a
 * steady rate until stopped or as fast as the threads go until a total is reached. Every
 * answer other than {@code 201 Created} (or no answer) is a failure, counted and sampled;
 * progress is logged every five seconds.
 */
final class OrderTraffic implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(OrderTraffic.class);

	private static final int FAILURE_SAMPLES = 10;

	private final AppInstance orderService;

	private final List<Long> users;

	private final int threads;

	private final int perSecond;

	private final int total;

	private final ExecutorService workers;

	private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();

	private final Semaphore tokens = new Semaphore(0);

	private final AtomicInteger started = new AtomicInteger();

	private final AtomicLong created = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final Map<String, Integer> failureKinds = new TreeMap<>();

	private final List<String> failureSamples = new ArrayList<>();

	private volatile boolean running = true;

	private long startNanos;

	private OrderTraffic(AppInstance orderService, List<Long> users, int threads, int perSecond, int total) {
		this.orderService = orderService;
		this.users = List.copyOf(users);
		this.threads = threads;
		this.perSecond = perSecond;
		this.total = total;
		this.workers = Executors.newFixedThreadPool(threads);
	}

	/**
	 * Starts placing orders at a steady rate until {@link #stop()}.
	 * @param orderService the instance to call
	 * @param users whose orders to place, in turn
	 * @param perSecond orders per second
	 * @param threads client threads (the most requests in flight)
	 * @return the running traffic
	 */
	static OrderTraffic steady(AppInstance orderService, List<Long> users, int perSecond, int threads) {
		return new OrderTraffic(orderService, users, threads, perSecond, Integer.MAX_VALUE).start();
	}

	/**
	 * Starts placing a total number of orders as fast as the threads go.
	 * @param orderService the instance to call
	 * @param users whose orders to place, in turn
	 * @param total how many orders
	 * @param threads client threads (the most requests in flight)
	 * @return the running traffic
	 */
	static OrderTraffic burst(AppInstance orderService, List<Long> users, int total, int threads) {
		return new OrderTraffic(orderService, users, threads, 0, total).start();
	}

	private OrderTraffic start() {
		this.startNanos = System.nanoTime();
		if (this.perSecond > 0) {
			long period = TimeUnit.SECONDS.toMicros(1) / this.perSecond;
			this.clock.scheduleAtFixedRate(() -> {
				// no catching up in bursts after a stall: at most one token per thread
				if (this.tokens.availablePermits() < this.threads) {
					this.tokens.release();
				}
			}, 0, period, TimeUnit.MICROSECONDS);
		}
		this.clock.scheduleAtFixedRate(() -> logger.info("{} orders: {}", this.orderService.name(), progress()), 5, 5,
				TimeUnit.SECONDS);
		for (int i = 0; i < this.threads; i++) {
			this.workers.execute(this::placeOrders);
		}
		return this;
	}

	private void placeOrders() {
		while (this.running) {
			if (this.perSecond > 0 && !awaitToken()) {
				continue;
			}
			int index = this.started.getAndIncrement();
			if (index >= this.total) {
				return;
			}
			placeOrder(this.users.get(index % this.users.size()));
		}
	}

	private boolean awaitToken() {
		try {
			return this.tokens.tryAcquire(100, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
			return false;
		}
	}

	private void placeOrder(long userId) {
		try {
			HttpResponse<String> response = SampleApi.placeOrder(this.orderService, userId);
			if (response.statusCode() == 201) {
				this.created.incrementAndGet();
			}
			else {
				fail("HTTP " + response.statusCode(), response.body());
			}
		}
		catch (RuntimeException ex) {
			fail(ex.getClass().getSimpleName(), String.valueOf(ex.getMessage()));
		}
	}

	private void fail(String kind, String detail) {
		this.failed.incrementAndGet();
		synchronized (this.failureKinds) {
			this.failureKinds.merge(kind, 1, Integer::sum);
			if (this.failureSamples.size() < FAILURE_SAMPLES) {
				this.failureSamples.add(kind + ": " + detail);
			}
		}
	}

	/** Orders created (answered 201) so far. */
	long created() {
		return this.created.get();
	}

	/** Whether a burst has placed all its orders. */
	boolean isDone() {
		return this.created.get() + this.failed.get() >= this.total;
	}

	private String progress() {
		long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startNanos);
		return "%d created, %d failed in %.1f s".formatted(this.created.get(), this.failed.get(), elapsed / 1000.0);
	}

	/**
	 * Stops placing orders, waits for those in flight, and tells what happened.
	 * @return the counts
	 */
	Result stop() {
		this.running = false;
		this.clock.shutdownNow();
		this.workers.shutdown();
		try {
			if (!this.workers.awaitTermination(60, TimeUnit.SECONDS)) {
				this.workers.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - this.startNanos);
		synchronized (this.failureKinds) {
			Result result = new Result(this.created.get() + this.failed.get(), this.created.get(), this.failed.get(),
					Map.copyOf(this.failureKinds), List.copyOf(this.failureSamples), elapsed);
			logger.info("{} orders, final: {}", this.orderService.name(), result);
			return result;
		}
	}

	@Override
	public void close() {
		if (this.running) {
			stop();
		}
	}

	/**
	 * What the traffic saw.
	 *
	 * @param requests requests answered or failed
	 * @param created requests answered {@code 201}
	 * @param failed the others
	 * @param failureKinds failures by kind (status or exception)
	 * @param failureSamples the first few failures in detail
	 * @param elapsed how long the traffic ran
	 */
	record Result(long requests, long created, long failed, Map<String, Integer> failureKinds,
			List<String> failureSamples, Duration elapsed) {

		@Override
		public String toString() {
			return "%d requests in %.1f s (%.0f/s): %d created, %d failed %s".formatted(this.requests,
					this.elapsed.toMillis() / 1000.0, this.requests * 1000.0 / Math.max(1, this.elapsed.toMillis()),
					this.created, this.failed, this.failureKinds);
		}

	}

}
