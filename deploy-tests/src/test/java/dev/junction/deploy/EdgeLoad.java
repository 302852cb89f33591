/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GETs of one URL at a fixed rate (open loop: due whatever the server does), each
 * recorded with the version of the instance that answered ({@code
 * Junction-Instance-Version}) or why it failed.
 */
final class EdgeLoad implements AutoCloseable {

	private final HttpClient http;

	private final HttpRequest request;

	private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();

	private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();

	private final AtomicInteger sent = new AtomicInteger();

	private final long startedNanos = System.nanoTime();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicLong markNanos = new AtomicLong(Long.MAX_VALUE);

	private final AtomicLong countFromNanos = new AtomicLong(Long.MIN_VALUE);

	private EdgeLoad(HttpClient http, String url, int perSecond) {
		this.http = http;
		this.request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build();
		this.pacer.scheduleAtFixedRate(this::send, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
	}

	static EdgeLoad start(HttpClient http, String url, int perSecond) {
		return new EdgeLoad(http, url, perSecond);
	}

	private void send() {
		long due = System.nanoTime();
		this.sent.incrementAndGet();
		this.inFlight.incrementAndGet();
		this.http.sendAsync(this.request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
			String outcome = (failure != null) ? failure.toString()
					: (response.statusCode() != 200) ? "status " + response.statusCode() : null;
			String version = (response != null) ? response.headers().firstValue("Junction-Instance-Version").orElse("")
					: "";
			this.answers.add(new Answer(due, version, outcome));
			this.inFlight.decrementAndGet();
		});
	}

	/**
	 * Waits until the latest answers were all successful (the JVMs behind the edge have
	 * warmed up to the rate), then counts failures only of requests due from then on.
	 * @param timeout how long to wait at most
	 * @param consecutive how many answers in a row must have succeeded
	 */
	void awaitSteady(Duration timeout, int consecutive) throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		while (!steady(consecutive)) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("Within " + timeout.toSeconds() + " s the edge never answered " + consecutive
						+ " GETs in a row at this rate; failures so far: " + failures().size() + ", the first: "
						+ failures().stream().limit(3).toList());
			}
			Thread.sleep(200); // polling interval
		}
		this.countFromNanos.set(System.nanoTime());
	}

	private boolean steady(int consecutive) {
		List<Answer> all = List.copyOf(this.answers);
		return all.size() >= consecutive
				&& all.subList(all.size() - consecutive, all.size()).stream().allMatch((a) -> a.failure() == null);
	}

	/**
	 * Waits until each version has answered at least so many requests, so both really
	 * take traffic.
	 */
	void awaitAnswersFrom(Duration timeout, Map<String, Integer> minimum) throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		while (!minimum.entrySet()
			.stream()
			.allMatch(
					(entry) -> this.answers.stream().filter((a) -> a.version().equals(entry.getKey())).count() >= entry
						.getValue())) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("Within " + timeout.toSeconds() + " s the gateway did not route " + minimum
						+ " GETs to the versions; answers so far: " + this.answers.size() + ", failed: " + failures());
			}
			Thread.sleep(200); // polling interval
		}
	}

	/**
	 * Keeps the traffic going for a while; {@link Result#answersAfterStop()} counts from
	 * here.
	 */
	void keepGoing(Duration duration) throws InterruptedException {
		this.markNanos.set(System.nanoTime());
		Thread.sleep(duration.toMillis());
	}

	/** Stops sending and waits for the requests in flight. */
	Result stop() throws InterruptedException {
		this.pacer.shutdownNow();
		Instant deadline = Instant.now().plusSeconds(30);
		while (this.inFlight.get() > 0 && Instant.now().isBefore(deadline)) {
			Thread.sleep(100); // polling interval
		}
		long mark = this.markNanos.get();
		List<String> after = this.answers.stream()
			.filter((answer) -> answer.dueNanos() >= mark && answer.failure() == null)
			.map(Answer::version)
			.toList();
		return new Result(this.sent.get(), failures(), after);
	}

	/** The failed requests due since {@link #awaitSteady} returned (all before). */
	private List<String> failures() {
		long from = this.countFromNanos.get();
		return this.answers.stream()
			.filter((answer) -> answer.failure() != null && answer.dueNanos() >= from)
			.map((answer) -> "due " + Duration.ofNanos(answer.dueNanos() - this.startedNanos).toMillis()
					+ " ms after the load began: " + answer.failure())
			.toList();
	}

	@Override
	public void close() {
		this.pacer.shutdownNow();
	}

	private record Answer(long dueNanos, String version, String failure) {
	}

	/**
	 * What the load saw.
	 *
	 * @param sent how many GETs were sent
	 * @param failures why each failed one failed (counted once the load was steady)
	 * @param answersAfterStop the versions that answered after {@link #keepGoing} began
	 */
	record Result(int sent, List<String> failures, List<String> answersAfterStop) {
	}

}
