/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import java.util.Set;

import org.springframework.http.HttpMethod;

/**
 * The HTTP methods that may be sent twice without a different effect (RFC 9110, 9.2.2),
 * which is what makes a retry on another instance safe.
 */
final class IdempotentMethods {

	private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
			HttpMethod.TRACE, HttpMethod.PUT, HttpMethod.DELETE);

	private IdempotentMethods() {
	}

	static boolean contains(HttpMethod method) {
		return IDEMPOTENT.contains(method);
	}

}
