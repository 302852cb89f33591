/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.unit.DataSize;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers {@code 413} to a request body over the route's limit. A declared
 * {@code Content-Length} over the limit is refused before anything is read; a body
 * without one (chunked) is counted as it arrives and fails with {@code 413} once it
 * passes the limit. It runs first of all gateway filters, before Spring Cloud Gateway
 * caches bodies for retries (which would otherwise read any body into memory, however
 * large), so with retries on, an oversized body is refused before a byte of it is
 * forwarded.
 * <p>
 * The body's own errors (stalled, too slow, cut off) are marked as the client's
 * ({@link ClientRequestFailure}) on the way. A request without a body (neither
 * {@code Content-Length} nor {@code Transfer-Encoding}, or a length of 0) passes as it
 * is.
 * <p>
 * Spring Cloud Gateway's {@code RequestSize} filter only checks {@code Content-Length}
 * and writes its answer directly, which later error handling cannot see.
 */
final class BodySizeLimitFilter implements GlobalFilter, Ordered {

	private static final String TOO_LARGE = "body-too-large";

	private final long defaultLimit;

	private final Map<String, DataSize> routeLimits;

	BodySizeLimitFilter(DataSize defaultLimit, Map<String, DataSize> routeLimits) {
		this.defaultLimit = defaultLimit.toBytes();
		this.routeLimits = Map.copyOf(routeLimits);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		long limit = limitFor(exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR));
		ServerHttpRequest request = exchange.getRequest();
		long length = request.getHeaders().getContentLength();
		if (length > limit) {
			// refused before a byte of the body is read: answered at once
			return GatewayProblems.refusal(HttpStatus.CONTENT_TOO_LARGE, TOO_LARGE, tooLargeDetail(limit))
				.writeTo(exchange);
		}
		if (length == 0 || (length < 0 && !request.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING))) {
			// no body (HTTP/1.1 frames one by Content-Length or Transfer-Encoding, and
			// Netty gives an HTTP/2 request with a body one of them): nothing to count or
			// mark, and the request and exchange are not copied
			return chain.filter(exchange);
		}
		boolean counted = length < 0;
		ServerHttpRequest checked = new ServerHttpRequestDecorator(request) {
			@Override
			public Flux<DataBuffer> getBody() {
				Flux<DataBuffer> body = ClientRequestFailure.marking(super.getBody());
				if (!counted) {
					return body;
				}
				AtomicLong received = new AtomicLong();
				return body.map((buffer) -> {
					if (received.addAndGet(buffer.readableByteCount()) > limit) {
						DataBufferUtils.release(buffer);
						throw tooLarge(limit);
					}
					return buffer;
				});
			}
		};
		return chain.filter(exchange.mutate().request(checked).build());
	}

	private long limitFor(Route route) {
		DataSize limit = (route != null) ? this.routeLimits.get(route.getId()) : null;
		return (limit != null) ? limit.toBytes() : this.defaultLimit;
	}

	private static ErrorResponseException tooLarge(long limit) {
		return GatewayProblems.problem(HttpStatus.CONTENT_TOO_LARGE, TOO_LARGE, tooLargeDetail(limit));
	}

	private static String tooLargeDetail(long limit) {
		return "The request body is larger than the " + limit + " bytes this route accepts.";
	}

}
