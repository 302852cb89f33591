/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks the gateway whether a request reaches a backend of the expected version. */
final class GatewayProbe {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private GatewayProbe() {
	}

	/**
	 * Whether a GET through the gateway was answered by a backend.
	 * @param url the URL on the gateway
	 * @param canary the {@code X-Canary} value to send, empty for none
	 * @param version the {@code Junction-Instance-Version} the answer must carry, empty
	 * for any
	 * @return {@code true} if a backend (of that version) answered
	 */
	static boolean answeredBy(String url, String canary, String version) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET();
		if (!canary.isEmpty()) {
			request.header("X-Canary", canary);
		}
		try {
			HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
			String answeredBy = response.headers().firstValue("Junction-Instance-Version").orElse(null);
			return answeredBy != null && (version.isEmpty() || version.equals(answeredBy));
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
