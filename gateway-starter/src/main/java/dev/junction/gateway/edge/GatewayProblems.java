/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The problems ({@code application/problem+json}, RFC 9457) the gateway answers with
 * itself. They are raised as exceptions, never written as committed responses, so that
 * retries, circuit breakers and the {@link ProblemErrorWebExceptionHandler} see them.
 */
public final class GatewayProblems {

	/** Problem type base URI of the gateway's own problems. */
	public static final String TYPE_BASE = "https://junction.dev/problems/";

	private GatewayProblems() {
	}

	/**
	 * A problem with a Junction problem type.
	 * @param status the status
	 * @param type the last segment of the problem type
	 * @param detail what happened and what to do, for the client
	 * @return the exception to raise
	 */
	public static ErrorResponseException problem(HttpStatus status, String type, String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setType(URI.create(TYPE_BASE + type));
		return new ErrorResponseException(status, body, null);
	}

}
