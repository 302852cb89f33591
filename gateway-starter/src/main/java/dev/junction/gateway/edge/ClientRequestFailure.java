/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import io.netty.handler.timeout.ReadTimeoutException;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A request body the client failed to deliver: it stalled past the read timeout, took
 * longer than the request timeout, or the connection broke mid-body. Such an error comes
 * from the inbound body, so it is the client's doing, whatever exception the server
 * raised for it; marked as such, the {@link ProblemErrorWebExceptionHandler} answers
 * {@code 408} (or {@code 400}) and logs one line at WARN instead of an ERROR with a stack
 * trace per client (which a slow client could make cost the gateway more than it costs
 * the client).
 */
final class ClientRequestFailure extends ErrorResponseException {

	private ClientRequestFailure(HttpStatus status, String type, String detail, Throwable cause) {
		super(status, GatewayProblems.problem(status, type, detail).getBody(), cause);
	}

	/**
	 * Marks every error of a request body as the client's.
	 * @param body the request body as the server delivers it
	 * @return the same body whose errors are {@link ClientRequestFailure}s
	 */
	static Flux<DataBuffer> marking(Flux<DataBuffer> body) {
		return body.onErrorMap((ex) -> !(ex instanceof ErrorResponseException), ClientRequestFailure::of);
	}

	static ClientRequestFailure of(Throwable ex) {
		if (isTimeout(ex)) {
			return new ClientRequestFailure(HttpStatus.REQUEST_TIMEOUT, "request-timeout",
					"The request body did not arrive in time. Send the whole request without pausing.", ex);
		}
		return new ClientRequestFailure(HttpStatus.BAD_REQUEST, "unreadable-request",
				"The request body could not be read to its end.", ex);
	}

	private static boolean isTimeout(Throwable ex) {
		// Reactor Netty's RequestTimeoutException is not public
		return ex instanceof ReadTimeoutException || ex.getClass().getSimpleName().contains("Timeout");
	}

	/** What to log instead of a stack trace. */
	String summary() {
		Throwable cause = getCause();
		return getStatusCode().value() + " " + getBody().getType() + ((cause != null) ? " (" + cause + ")" : "");
	}

}
