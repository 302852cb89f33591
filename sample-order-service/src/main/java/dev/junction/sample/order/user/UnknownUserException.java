/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order.user;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * user-service does not know the user an order names: a {@code 422} problem naming the
 * field, since the request is well-formed but cannot be processed.
 */
class UnknownUserException extends ErrorResponseException {

	UnknownUserException(long userId) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, problem(userId), null);
	}

	private static ProblemDetail problem(long userId) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT,
				"No user has id " + userId + ".");
		problem.setTitle("Unknown user");
		problem.setProperty("errors", Map.of("userId", "no such user"));
		return problem;
	}

}
