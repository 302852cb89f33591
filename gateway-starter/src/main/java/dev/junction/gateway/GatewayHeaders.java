/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

/**
 * HTTP names only the edge uses: the traffic policy's canary override and sticky key, and
 * the rate limiter's key and response headers (the README's "Names and ports"). The names
 * a service sees too ({@code Junction-Version}, {@code Junction-Instance*},
 * {@code X-Correlation-Id}) are the starter's
 * {@link dev.junction.starter.JunctionHeaders}.
 */
public final class GatewayHeaders {

	/**
	 * Canary override request header of the traffic policy (configurable per service).
	 */
	public static final String CANARY = "X-Canary";

	/** Canary override cookie of the traffic policy (configurable per service). */
	public static final String CANARY_COOKIE = "canary";

	/** Default sticky key of the weighted canary choice (configurable per service). */
	public static final String USER_ID = "X-User-Id";

	/** API key header the rate limiter keys on. */
	public static final String API_KEY = "X-Api-Key";

	/** Rate-limit response header: the limit of the current window. */
	public static final String RATE_LIMIT_LIMIT = "RateLimit-Limit";

	/** Rate-limit response header: requests left in the current window. */
	public static final String RATE_LIMIT_REMAINING = "RateLimit-Remaining";

	/** Rate-limit response header: seconds until the window resets. */
	public static final String RATE_LIMIT_RESET = "RateLimit-Reset";

	/** Response header of a {@code 429}: seconds to wait before trying again. */
	public static final String RETRY_AFTER = "Retry-After";

	private GatewayHeaders() {
	}

}
