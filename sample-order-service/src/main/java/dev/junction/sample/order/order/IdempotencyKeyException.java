/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order.order;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request whose {@code Idempotency-Key} cannot be honoured: malformed ({@code 400}), or
 * already used for a different order ({@code 422}, as the IETF Idempotency-Key draft
 * recommends), which must not silently return an order the client did not ask for.
 */
class IdempotencyKeyException extends ErrorResponseException {

	static final String HEADER = "Idempotency-Key";

	static final int MAX_LENGTH = 100;

	private IdempotencyKeyException(HttpStatus status, String title, String detail) {
		super(status, problem(status, title, detail), null);
	}

	/**
	 * Whether a client's key can be stored as it is: 1 to {@link #MAX_LENGTH} printable
	 * ASCII characters (the column's length; the IETF draft's key is such a string), not
	 * all spaces. Anything else, a NUL above all, would fail in PostgreSQL.
	 */
	static boolean isWellFormed(String key) {
		if (key.isBlank() || key.length() > MAX_LENGTH) {
			return false;
		}
		return key.chars().allMatch((c) -> c >= 0x20 && c <= 0x7e);
	}

	static IdempotencyKeyException malformed() {
		return new IdempotencyKeyException(HttpStatus.BAD_REQUEST, "Invalid request", "Header '" + HEADER
				+ "' must have 1 to " + MAX_LENGTH + " printable ASCII characters, not only spaces.");
	}

	static IdempotencyKeyException reused() {
		return new IdempotencyKeyException(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused",
				"This " + HEADER + " was already used for a different order; use a new key for a new order.");
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setProperty("errors", Map.of(HEADER, detail));
		return problem;
	}

}
