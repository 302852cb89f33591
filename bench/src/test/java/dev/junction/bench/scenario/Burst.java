/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A fixed list of requests sent with a bounded number in flight (closed loop), each
 * answer kept: for scenarios that count where requests went, not how fast.
 */
final class Burst {

	private static final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private Burst() {
	}

	/**
	 * Sends the requests, at most {@code concurrency} at once, and waits (at most 5
	 * minutes) for every answer.
	 * @return one answer per request, in the requests' order
	 */
	static List<Answer> send(List<HttpRequest> requests, int concurrency) {
		Semaphore permits = new Semaphore(concurrency);
		List<CompletableFuture<Answer>> answers = new ArrayList<>();
		try {
			for (HttpRequest request : requests) {
				permits.acquire();
				answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
					.handle((response, failure) -> {
						permits.release();
						return (failure != null) ? new Answer(0, null, failure.toString())
								: new Answer(response.statusCode(),
										response.headers().firstValue("Junction-Instance").orElse(null), null);
					}));
			}
			CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
		}
		catch (Exception ex) {
			throw new IllegalStateException("The burst did not complete: " + ex, ex);
		}
		return answers.stream().map(CompletableFuture::join).toList();
	}

	/**
	 * One answer.
	 *
	 * @param status HTTP status, {@code 0} without an answer
	 * @param instance the {@code Junction-Instance} header
	 * @param error why there was no answer
	 */
	record Answer(int status, String instance, String error) {

		boolean ok() {
			return this.status >= 200 && this.status < 300;
		}

	}

}
