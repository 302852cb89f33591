/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import java.net.URI;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Answers {@code 400} to request paths that the gateway and a service could read
 * differently, before any route is looked up: encoded dots, slashes, backslashes, percent
 * signs and NULs ({@code %2e%2e}, {@code %2f}, {@code %5c}, {@code %25}, {@code %00}),
 * path parameters ({@code ..;/}), dot segments, empty segments ({@code //}), backslashes
 * and control characters, raw or percent-encoded, and percent-encodings that are not
 * valid UTF-8 (overlong {@code %c0%ae} is a dot to a lenient decoder). Such paths are how
 * traversal past a route's prefix works (the gateway matches
 * {@code /api/users/..%2f..%2fadmin}, the service decodes it to {@code /admin}), and no
 * legitimate client needs them. The query string is held to the same encoding rules (no
 * control characters, valid UTF-8: a {@code %0d%0a} there ends up in services' logs), and
 * the Host header, which the gateway copies into forwarded headers, to a host name's
 * length.
 */
final class AmbiguousPathWebFilter implements WebFilter, Ordered {

	/**
	 * Longest Host header passed on: a DNS name has at most 253 characters, and the
	 * gateway copies the Host into {@code X-Forwarded-Host} and {@code Forwarded}, so a
	 * long one would grow the header section the services receive by twice its length.
	 */
	static final int MAX_HOST_LENGTH = 255;

	private static final String[] FORBIDDEN_ENCODINGS = { "%2e", "%2f", "%5c", "%25", "%00", "%3b" };

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		URI uri = exchange.getRequest().getURI();
		String problem = problem(uri.getRawPath());
		if (problem != null) {
			return badRequest(exchange, "ambiguous-path", "The request path " + problem
					+ ", which the gateway does not forward. Send the path in its plain, normalized form.");
		}
		String queryProblem = PercentEncoding.problem(uri.getRawQuery());
		if (queryProblem != null) {
			return badRequest(exchange, "invalid-query",
					"The query string " + queryProblem + ", which the gateway does not forward.");
		}
		String host = exchange.getRequest().getHeaders().getFirst(HttpHeaders.HOST);
		if (host != null && (host.length() > MAX_HOST_LENGTH || PercentEncoding.hasControl(host))) {
			return badRequest(exchange, "invalid-host", "The Host header is not a host name (at most " + MAX_HOST_LENGTH
					+ " characters, no control characters).");
		}
		return chain.filter(exchange);
	}

	private static Mono<Void> badRequest(ServerWebExchange exchange, String type, String detail) {
		return GatewayProblems.refusal(HttpStatus.BAD_REQUEST, type, detail).writeTo(exchange);
	}

	static @Nullable String problem(@Nullable String rawPath) {
		if (rawPath == null || rawPath.isEmpty()) {
			return null;
		}
		for (int i = 0; i < rawPath.length(); i++) {
			char c = rawPath.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				return "contains a control character";
			}
			if (c == '\\') {
				return "contains a backslash";
			}
			if (c == ';') {
				return "contains a path parameter (';')";
			}
		}
		if (rawPath.indexOf('%') >= 0) {
			String lower = rawPath.toLowerCase(Locale.ROOT);
			for (String encoding : FORBIDDEN_ENCODINGS) {
				if (lower.contains(encoding)) {
					return "contains the encoded character " + encoding.toUpperCase(Locale.ROOT);
				}
			}
			String encoding = PercentEncoding.problem(rawPath);
			if (encoding != null) {
				return encoding;
			}
		}
		if (rawPath.contains("//")) {
			return "contains an empty segment ('//')";
		}
		if (rawPath.indexOf('.') < 0) {
			return null;
		}
		for (String segment : rawPath.split("/", -1)) {
			if (segment.equals(".") || segment.equals("..")) {
				return "contains a dot segment ('" + segment + "')";
			}
		}
		return null;
	}

}
