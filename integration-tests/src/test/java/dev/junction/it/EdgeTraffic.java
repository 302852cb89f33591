/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;
import java.util.Map;

/**
 * Requests through the gateway as clients send them, each recorded as an {@link Answer}
 * (a failed connection is an answer too, never an exception), sent one after another, in
 * parallel, or as steady background traffic.
 */
final class EdgeTraffic {

	/** Response header of the instance that answered, passed through by the gateway. */
	static final String INSTANCE_VERSION = "Junction-Instance-Version";

	private static final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private EdgeTraffic() {
	}

	/** {@code GET} a URL with headers (name, value, ...), recording what happened. */
	static Answer get(String url, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
		if (headers.length > 0) {
			request.headers(headers);
		}
		long sent = System.nanoTime();
		try {
			HttpResponse<String> response = client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(url, response.statusCode(), response.headers(), response.body(), null, sent,
					System.nanoTime());
		}
		catch (IOException ex) {
			return new Answer(url, 0, HttpHeaders.of(Map.of(), (name, value) -> true), "", ex, sent, System.nanoTime());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted during GET " + url, ex);
		}
	}

	/**
	 * Sends {@code count} requests from {@code threads} threads.
	 * @param count how many
	 * @param threads how many at a time
	 * @param call the request with number {@code i}
	 * @return the answers, the one of request {@code i} at index {@code i}
	 */
	static List<Answer> parallel(int count, int threads, IntFunction<Answer> call) {
		AtomicReferenceArray<Answer> answers = new AtomicReferenceArray<>(count);
		AtomicInteger next = new AtomicInteger();
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> workers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				workers.add(executor.submit(() -> {
					for (int i; (i = next.getAndIncrement()) < count;) {
						answers.set(i, call.apply(i));
					}
				}));
			}
			for (Future<?> worker : workers) {
				worker.get(5, TimeUnit.MINUTES);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Sending " + count + " requests failed", ex);
		}
		finally {
			executor.shutdownNow();
		}
		List<Answer> list = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			list.add(answers.get(i));
		}
		return list;
	}

	/**
	 * Starts traffic that runs until stopped: every thread sends one request after
	 * another.
	 * @param threads how many clients
	 * @param call the request with number {@code i}
	 * @return the running traffic
	 */
	static Background background(int threads, IntFunction<Answer> call) {
		return new Background(threads, call);
	}

	/**
	 * What a request got.
	 *
	 * @param url where it went
	 * @param status the status, {@code 0} when there was no answer
	 * @param headers the response headers
	 * @param body the response body
	 * @param failure why there was no answer, or {@code null}
	 * @param sentNanos {@link System#nanoTime()} before sending
	 * @param receivedNanos {@link System#nanoTime()} after the answer (or the failure)
	 */
	record Answer(String url, int status, HttpHeaders headers, String body, Throwable failure, long sentNanos,
			long receivedNanos) {

		/** The version of the instance that answered, or {@code null}. */
		String version() {
			return this.headers.firstValue(INSTANCE_VERSION).orElse(null);
		}

		boolean ok() {
			return this.failure == null && this.status == 200;
		}

		String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		@Override
		public String toString() {
			return (this.failure != null) ? this.url + " failed: " + this.failure
					: this.url + " answered " + this.status + " " + this.body;
		}

	}

	/** Traffic running in the background until {@link #stop()}. */
	static final class Background implements AutoCloseable {

		private final Queue<Answer> answers = new ConcurrentLinkedQueue<>();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicInteger sent = new AtomicInteger();

		private final CountDownLatch stopped;

		private Background(int threads, IntFunction<Answer> call) {
			this.stopped = new CountDownLatch(threads);
			for (int t = 0; t < threads; t++) {
				Thread thread = new Thread(() -> {
					try {
						while (this.running.get()) {
							this.answers.add(call.apply(this.sent.getAndIncrement()));
						}
					}
					finally {
						this.stopped.countDown();
					}
				}, "edge-traffic-" + t);
				thread.setDaemon(true);
				thread.start();
			}
		}

		/** The answers so far. */
		List<Answer> answers() {
			return new ArrayList<>(this.answers);
		}

		/** Stops the traffic and waits for the requests in flight. */
		List<Answer> stop() {
			this.running.set(false);
			try {
				if (!this.stopped.await(60, TimeUnit.SECONDS)) {
					throw new IllegalStateException("Background traffic did not stop within 60 s");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			return answers();
		}

		@Override
		public void close() {
			this.running.set(false);
		}

	}

}
