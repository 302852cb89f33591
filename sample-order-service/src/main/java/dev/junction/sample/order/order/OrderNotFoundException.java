/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order.order;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * No order has the requested id: a {@code 404} problem.
 */
class OrderNotFoundException extends ErrorResponseException {

	OrderNotFoundException(UUID id) {
		super(HttpStatus.NOT_FOUND, problem(id), null);
	}

	private static ProblemDetail problem(UUID id) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No order has id " + id + ".");
		problem.setTitle("Order not found");
		return problem;
	}

}
