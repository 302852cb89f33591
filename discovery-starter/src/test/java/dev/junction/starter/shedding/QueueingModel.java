/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shedding;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * A service in front of which a {@link ConcurrencyLimiter} sheds load, simulated on a
 * clock of its own: requests arrive at a fixed rate (open loop, as callers that do not
 * wait for each other), the limiter admits or refuses each at once, and the service
 * answers the admitted ones with a fixed number of workers taking requests in arrival
 * order, each for its service time. A request's latency is from its admission to its
 * answer, queueing included, as a caller of the gateway sees it. The service's workers
 * and service time may change while the model runs, as a service that is scaled or slowed
 * down.
 */
final class QueueingModel {

	private final PriorityQueue<Event> events = new PriorityQueue<>();

	private final Queue<Admitted> waiting = new ArrayDeque<>();

	private final Random random = new Random(42);

	private final ConcurrencyLimiter limiter;

	private long now;

	private long sequence;

	private int workers;

	private int busy;

	private LongSupplier serviceTime;

	private Window window = new Window(0);

	/**
	 * @param limit the limit under test
	 * @param workers how many requests the service works on at once
	 * @param serviceTime how long each takes, on average; each request takes between half
	 * and one and a half of it
	 */
	QueueingModel(ConcurrencyLimit limit, int workers, Duration serviceTime) {
		this.limiter = new ConcurrencyLimiter(limit, () -> this.now);
		this.workers = workers;
		serviceTime(serviceTime);
	}

	/** The service's workers from now on. */
	void workers(int workers) {
		this.workers = workers;
		startWaiting();
	}

	/** The service's average service time from now on. */
	void serviceTime(Duration mean) {
		long nanos = mean.toNanos();
		this.serviceTime = () -> nanos / 2 + (long) (this.random.nextDouble() * nanos);
	}

	/**
	 * Offers requests at a fixed rate for a while, and returns what happened in that
	 * time. The latencies of requests admitted near its end are added as they are
	 * answered, during the next call.
	 * @param perSecond requests offered per second
	 * @param duration for how long
	 * @return the window's figures
	 */
	Window offer(int perSecond, Duration duration) {
		long interval = 1_000_000_000L / perSecond;
		long end = this.now + duration.toNanos();
		this.window = new Window(duration.toNanos());
		for (long at = this.now; at < end; at += interval) {
			schedule(at, this::arrive);
		}
		runUntil(end);
		return this.window;
	}

	private void arrive() {
		this.window.offered++;
		ConcurrencyLimiter.Permit permit = this.limiter.tryAcquire();
		if (permit == null) {
			this.window.refused++;
			return;
		}
		this.waiting.add(new Admitted(this.now, permit, this.window));
		this.window.limits.add(this.limiter.limit());
		startWaiting();
	}

	private void startWaiting() {
		while (this.busy < this.workers && !this.waiting.isEmpty()) {
			Admitted request = this.waiting.poll();
			this.busy++;
			schedule(this.now + this.serviceTime.getAsLong(), () -> answer(request));
		}
	}

	private void answer(Admitted request) {
		this.busy--;
		request.permit().release();
		request.window().latencies.add(this.now - request.admittedAt());
		this.window.answered++;
		startWaiting();
	}

	private void schedule(long at, Runnable action) {
		this.events.add(new Event(at, this.sequence++, action));
	}

	private void runUntil(long end) {
		while (!this.events.isEmpty() && this.events.peek().at() <= end) {
			Event event = this.events.poll();
			this.now = event.at();
			event.action().run();
		}
		this.now = end;
	}

	private record Event(long at, long sequence, Runnable action) implements Comparable<Event> {

		@Override
		public int compareTo(Event other) {
			int byTime = Long.compare(this.at, other.at);
			return (byTime != 0) ? byTime : Long.compare(this.sequence, other.sequence);
		}

	}

	private record Admitted(long admittedAt, ConcurrencyLimiter.Permit permit, Window window) {
	}

	/** What happened to the requests offered in one call of {@link #offer}. */
	static final class Window {

		private final long nanos;

		int offered;

		int refused;

		int answered;

		final List<Long> latencies = new ArrayList<>();

		final List<Integer> limits = new ArrayList<>();

		Window(long nanos) {
			this.nanos = nanos;
		}

		/** Requests answered per second while the window lasted. */
		double goodput() {
			return this.answered / (this.nanos / 1e9);
		}

		/** The latency below which a share of the answered requests came, in ms. */
		double latencyMillis(double quantile) {
			List<Long> sorted = new ArrayList<>(this.latencies);
			Collections.sort(sorted);
			return sorted.isEmpty() ? 0
					: sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1)) / 1e6;
		}

		int highestLimit() {
			return this.limits.stream().mapToInt(Integer::intValue).max().orElse(0);
		}

		int lowestLimit() {
			return this.limits.stream().mapToInt(Integer::intValue).min().orElse(0);
		}

		@Override
		public String toString() {
			return "offered %d, refused %d, goodput %.1f/s, p50 %.1f ms, p99 %.1f ms, limit %d-%d".formatted(
					this.offered, this.refused, goodput(), latencyMillis(0.5), latencyMillis(0.99), lowestLimit(),
					highestLimit());
		}

	}

}
