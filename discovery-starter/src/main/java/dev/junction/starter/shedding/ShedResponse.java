/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shedding;

import java.nio.charset.StandardCharsets;

import dev.junction.starter.JunctionHeaders;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * What a refused request is answered, alike for servlet and reactive apps (and in the
 * shape of the gateway's problems): {@code 503}, {@code Retry-After},
 * {@code Junction-Load-Shed: true} and a problem+json body. The body is fixed text plus a
 * number, so it is written without a JSON mapper and cannot echo the request.
 */
final class ShedResponse {

	static final int STATUS = HttpStatus.SERVICE_UNAVAILABLE.value();

	static final String CONTENT_TYPE = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	static final String RETRY_AFTER = HttpHeaders.RETRY_AFTER;

	static final String LOAD_SHED = JunctionHeaders.LOAD_SHED;

	private ShedResponse() {
	}

	static byte[] body(String retryAfterSeconds) {
		return ("{\"type\":\"https://junction.dev/problems/load-shed\",\"title\":\"Service Unavailable\",\"status\":"
				+ STATUS + ",\"detail\":\"The service is at its concurrency limit; retry after " + retryAfterSeconds
				+ " s, on another instance if there is one.\"}")
			.getBytes(StandardCharsets.UTF_8);
	}

}
