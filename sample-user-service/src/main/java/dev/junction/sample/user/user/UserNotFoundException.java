/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user.user;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * No user has the requested id: a {@code 404} problem.
 */
class UserNotFoundException extends ErrorResponseException {

	UserNotFoundException(long id) {
		super(HttpStatus.NOT_FOUND, problem(id), null);
	}

	private static ProblemDetail problem(long id) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No user has id " + id + ".");
		problem.setTitle("User not found");
		return problem;
	}

}
