/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.Future;

/**
 * Consul blocking queries without a thread each. A query with {@code index} at or above
 * its current index is parked as a {@link Waiter} on the topic it watches; a change to
 * that topic re-evaluates it on its connection's event loop, and an event-loop timer
 * answers it when {@code wait} (default 5 min, max 10 min, plus up to wait/16 jitter)
 * runs out.
 */
final class BlockingQueries {

	static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);

	static final Duration MAX_WAIT = Duration.ofMinutes(10);

	private final ConcurrentHashMap<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();

	/**
	 * Answer a query now, or park it until its index moves past the client's.
	 * @param request the request, for {@code index} and {@code wait}
	 * @param topic what the query watches
	 * @param keys which changed keys concern it (KV), or {@code null} for all
	 * @param index the query's current index, cheap to compute
	 * @param answer evaluates the query; its answer carries the index
	 * @param responder where the answer goes
	 */
	void serve(ApiRequest request, String topic, Predicate<String> keys, LongSupplier index,
			Supplier<ApiResponse> answer, Responder responder) {
		long minIndex = index(request);
		long waitNanos = waitNanos(request);
		if (minIndex == 0 || Math.max(1, index.getAsLong()) > minIndex) {
			responder.send(answer.get());
			return;
		}
		Waiter waiter = new Waiter(this, topic, keys, request.queryKey(), minIndex, index, answer, responder);
		this.waiters.computeIfAbsent(topic, (key) -> ConcurrentHashMap.newKeySet()).add(waiter);
		responder.onAbandon(waiter::cancel);
		long jitter = ThreadLocalRandom.current().nextLong(waitNanos / 16 + 1);
		waiter.expireAfter(waitNanos + jitter);
		waiter.recheck();
	}

	/**
	 * Wake the waiters on the given topics (for KV, those whose keys changed). Each
	 * distinct query is evaluated once, on the calling thread (never under a state lock);
	 * the answers are written on each connection's event loop.
	 */
	void publish(Collection<String> topics, Collection<String> changedKeys) {
		Map<String, Long> indexes = new HashMap<>();
		Map<String, ApiResponse> answers = new HashMap<>();
		for (String topic : topics) {
			Set<Waiter> parked = this.waiters.get(topic);
			if (parked == null) {
				continue;
			}
			for (Waiter waiter : parked) {
				if (waiter.concerns(changedKeys) && indexes.computeIfAbsent(waiter.queryKey(),
						(key) -> waiter.currentIndex()) > waiter.minIndex()) {
					waiter.finish(answers.computeIfAbsent(waiter.queryKey(), (key) -> waiter.evaluate()));
				}
			}
		}
	}

	void remove(Waiter waiter) {
		Set<Waiter> parked = this.waiters.get(waiter.topic());
		if (parked != null) {
			parked.remove(waiter);
		}
	}

	/** How many queries are parked, for tests and benchmarks. */
	int parked() {
		return this.waiters.values().stream().mapToInt(Set::size).sum();
	}

	/**
	 * Answer every parked query now, because the agent is closing, and wait until the
	 * answers are handed to their connections. The wait matters: a closing event loop
	 * closes its channels before it runs the tasks still queued, so an answer still
	 * queued then would never be written.
	 * @param patience how long to wait at most
	 */
	void releaseAll(Duration patience) {
		List<Future<?>> answers = new ArrayList<>();
		this.waiters.values()
			.forEach((parked) -> parked
				.forEach((waiter) -> answers.add(waiter.responder().executor().submit(waiter::expire))));
		long deadline = System.nanoTime() + patience.toNanos();
		for (Future<?> answer : answers) {
			answer.awaitUninterruptibly(Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
		}
	}

	static long index(ApiRequest request) {
		String index = request.param("index");
		if (index == null || index.isEmpty()) {
			return 0;
		}
		try {
			long parsed = Long.parseUnsignedLong(index);
			return (parsed < 0) ? Long.MAX_VALUE : parsed;
		}
		catch (NumberFormatException ex) {
			throw ApiException.badRequest(
					"Invalid index: strconv.ParseUint: parsing " + ApiException.quote(index) + ": invalid syntax");
		}
	}

	static long waitNanos(ApiRequest request) {
		String wait = request.param("wait");
		Duration duration = DEFAULT_WAIT;
		if (wait != null && !wait.isEmpty()) {
			try {
				duration = GoDuration.parse(wait);
			}
			catch (IllegalArgumentException ex) {
				throw new ApiException(HttpResponseStatus.BAD_REQUEST, "Invalid wait time");
			}
		}
		if (duration.isNegative() || duration.isZero()) {
			duration = DEFAULT_WAIT;
		}
		if (duration.compareTo(MAX_WAIT) > 0) {
			duration = MAX_WAIT;
		}
		return duration.toNanos();
	}

}
