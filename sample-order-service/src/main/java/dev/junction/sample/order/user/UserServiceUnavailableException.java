/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order.user;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The documented fallback when user-service cannot confirm a user: no instance, refused
 * or timed-out connections, 5xx answers, or an open circuit breaker. The answer is a
 * {@code 503} problem with {@code Retry-After}, given within the client's timeouts;
 * nothing was stored, so retrying (with the same {@code Idempotency-Key}) is safe.
 */
class UserServiceUnavailableException extends ErrorResponseException {

	static final String DETAIL = "user-service unavailable, retry later";

	UserServiceUnavailableException(Duration retryAfter, Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, problem(), cause);
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
	}

	private static ProblemDetail problem() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, DETAIL);
		problem.setTitle("Dependency unavailable");
		return problem;
	}

}
