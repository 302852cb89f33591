/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

/**
 * A request did not arrive whole within {@code junction.gateway.edge.request-timeout}
 * ({@link PipelinedRequestSerializer}). The exchange's request body fails with it, so the
 * client is answered {@code 408} (a {@link ClientRequestFailure}) and its connection is
 * closed. It carries no stack trace: it is the client's doing, and never logged with one.
 */
final class RequestTimeoutException extends RuntimeException {

	RequestTimeoutException() {
		super("The request did not arrive whole within the request timeout", null, false, false);
	}

}
