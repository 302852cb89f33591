/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.StringUtils;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ServerWebExchange;
import io.netty.channel.ConnectTimeoutException;

/**
 * Every error the gateway answers itself is an {@code application/problem+json} (RFC
 * 9457) with the headers its exception carries ({@code Retry-After}, the rate-limit
 * headers), and every {@code 503} tells the client when to come back. It replaces Boot's
 * default handler, which answers with its own JSON shape and HTML for browsers. Failures
 * to reach a service become {@code 502}; anything unexpected a {@code 500} without
 * internals in the body (it is logged instead). A client's own failure (a stalled or cut
 * off body) is logged in one line at WARN, never with a stack trace.
 */
final class ProblemErrorWebExceptionHandler implements ErrorWebExceptionHandler, Ordered {

	private static final Log logger = LogFactory.getLog(ProblemErrorWebExceptionHandler.class);

	private final long retryAfterSeconds;

	ProblemErrorWebExceptionHandler(Duration retryAfter) {
		this.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
	}

	@Override
	public int getOrder() {
		// before Boot's DefaultErrorWebExceptionHandler (-1) should one be present
		return -2;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpResponse response = exchange.getResponse();
		ClientRequestFailure clientFailure = clientFailure(ex);
		if (clientFailure != null) {
			// the client's doing: one line, however many clients do it
			logger.warn("Answering " + clientFailure.summary() + " to " + exchange.getRequest().getMethod() + " "
					+ exchange.getRequest().getPath().value().length() + "-character path");
			if (response.isCommitted()) {
				return Mono.empty();
			}
			ex = clientFailure;
		}
		if (response.isCommitted()) {
			return Mono.error(ex);
		}
		HttpHeaders extra = new HttpHeaders();
		ProblemDetail problem = toProblem(ex, extra);
		HttpHeaders headers = response.getHeaders();
		headers.clear();
		headers.addAll(extra);
		if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value() && !headers.containsHeader("Retry-After")) {
			headers.set("Retry-After", Long.toString(this.retryAfterSeconds));
		}
		return GatewayProblems.write(response, HttpStatusCode.valueOf(problem.getStatus()), ProblemJson.bytes(problem));
	}

	private ProblemDetail toProblem(Throwable ex, HttpHeaders headers) {
		if (ex instanceof ErrorResponse error) {
			headers.addAll(error.getHeaders());
			ProblemDetail body = error.getBody();
			if (error.getStatusCode().is5xxServerError()) {
				logger.debug("Answering " + error.getStatusCode().value() + ": " + body.getDetail(), ex);
			}
			return body;
		}
		ResponseStatus annotated = AnnotatedElementUtils.findMergedAnnotation(ex.getClass(), ResponseStatus.class);
		if (annotated != null) {
			// such as Spring Cloud Gateway's
			// ServiceUnavailableException of an open breaker
			HttpStatus status = annotated.code();
			return ProblemDetail.forStatusAndDetail(status, StringUtils.hasText(annotated.reason()) ? annotated.reason()
					: status.getReasonPhrase() + ". Try again later.");
		}
		if (ex instanceof DataBufferLimitException) {
			return ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, "The request body is too large.");
		}
		if (ex instanceof TimeoutException) {
			return ProblemDetail.forStatusAndDetail(HttpStatus.GATEWAY_TIMEOUT,
					"The service did not answer in time. Try again later.");
		}
		if (isUnreachable(ex)) {
			logger.debug("Answering 502: " + ex);
			return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
					"The service could not be reached or closed the connection. Try again later.");
		}
		logger.error("Unexpected failure answered with 500", ex);
		return ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"The gateway failed unexpectedly; the failure is in its log.");
	}

	private static boolean isUnreachable(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			// connection refused, reset or closed early by the service (or its socket)
			if (cause instanceof IOException || cause instanceof AbortedException
					|| cause instanceof ConnectTimeoutException) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	private static @Nullable ClientRequestFailure clientFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ClientRequestFailure failure) {
				return failure;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
