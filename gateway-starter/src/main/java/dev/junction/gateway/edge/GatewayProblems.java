/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;

/**
 * The problems ({@code application/problem+json}, RFC 9457) the gateway answers with
 * itself, in two ways:
 * <ul>
 * <li>A problem that arises while a request is routed ({@link #problem}) is raised as an
 * exception, so that retries, circuit breakers and the
 * {@link ProblemErrorWebExceptionHandler} see it. The exception carries no stack trace:
 * it is an answer, not a fault, and filling one in for each is most of its cost.</li>
 * <li>A refusal in front of the route's filters ({@link Refusal}: an ambiguous path, a
 * body declared too large, a request over its rate, a route at its concurrency limit) is
 * written as the response at once. Nothing retries it or counts it against a breaker, and
 * it is the answer a gateway gives most often under attack or overload: raised as an
 * error, each went through the error path of every filter and operator on the way back
 * (Reactor's checkpoints read its stack trace) and cost the gateway more than a proxied
 * request.</li>
 * </ul>
 * Both look alike to the client: the same body fields, {@code Content-Type} and, for a
 * {@code 503}, {@code Retry-After}.
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
		return new Problem(status, detail(status, type, detail));
	}

	/**
	 * A refusal, its body rendered once so that it is written without a JSON mapper per
	 * request.
	 * @param status the status
	 * @param type the last segment of the problem type
	 * @param detail what happened and what to do, for the client
	 * @return the refusal to write
	 */
	public static Refusal refusal(HttpStatus status, String type, String detail) {
		return new Refusal(status, ProblemJson.bytes(detail(status, type, detail)));
	}

	private static ProblemDetail detail(HttpStatus status, String type, String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setType(URI.create(TYPE_BASE + type));
		return body;
	}

	static Mono<Void> write(ServerHttpResponse response, HttpStatusCode status, byte[] body) {
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getHeaders().setContentLength(body.length);
		return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
	}

	/**
	 * A problem written as the response at once, with its status and its rendered body.
	 */
	public static final class Refusal {

		private final HttpStatus status;

		private final byte[] body;

		private Refusal(HttpStatus status, byte[] body) {
			this.status = status;
			this.body = body;
		}

		/**
		 * Answers the exchange with this problem at once. The caller sets any headers of
		 * its own ({@code Retry-After}, rate-limit headers) on the response before.
		 * @param exchange the refused exchange, not yet committed
		 * @return the completion of the write
		 */
		public Mono<Void> writeTo(ServerWebExchange exchange) {
			return write(exchange.getResponse(), this.status, this.body);
		}

	}

	/**
	 * A problem raised as an error, without a stack trace.
	 */
	private static final class Problem extends ErrorResponseException {

		Problem(HttpStatus status, ProblemDetail body) {
			super(status, body, null);
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}

	}

}
