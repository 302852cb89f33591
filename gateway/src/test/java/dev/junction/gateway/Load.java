/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/**
 * Sends many requests with a bounded number in flight and collects the answers.
 */
final class Load {

	private Load() {
	}

	static List<HttpResponse<String>> send(HttpClient client, int count, int inFlight,
			IntFunction<HttpRequest> request) {
		Semaphore permits = new Semaphore(inFlight);
		List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			permits.acquireUninterruptibly();
			answers.add(client.sendAsync(request.apply(i), HttpResponse.BodyHandlers.ofString())
				.whenComplete((response, failure) -> permits.release()));
		}
		return answers.stream().map(CompletableFuture::join).toList();
	}

}
