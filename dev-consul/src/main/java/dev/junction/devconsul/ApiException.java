/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request the agent refuses, with the status and plain-text message Consul would
 * answer.
 */
final class ApiException extends RuntimeException {

	private final HttpResponseStatus status;

	ApiException(HttpResponseStatus status, String message) {
		super(message, null, false, false);
		this.status = status;
	}

	HttpResponseStatus status() {
		return this.status;
	}

	static ApiException badRequest(String message) {
		return new ApiException(HttpResponseStatus.BAD_REQUEST, message);
	}

	static ApiException notFound(String message) {
		return new ApiException(HttpResponseStatus.NOT_FOUND, message);
	}

	static ApiException forbidden(String message) {
		return new ApiException(HttpResponseStatus.FORBIDDEN, message);
	}

	static ApiException serverError(String message) {
		return new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR, message);
	}

	static ApiException unknownService(String serviceId) {
		return notFound("Unknown service ID " + quote(serviceId));
	}

	static ApiException unknownCheck(String checkId) {
		return notFound(
				"Unknown check ID " + quote(checkId) + ". Ensure that the check ID is passed, not the check name.");
	}

	/** Quote like Go's {@code %q} does for the strings we meet. */
	static String quote(String value) {
		return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
	}

}
