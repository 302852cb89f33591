package dev.junction.starter;

/**
 * HTTP header names of the Junction platform, defined once (the README's "Names and
 * ports"). The starter, the gateway and the sample services all refer to these constants
 * so that a renamed header cannot drift between the edge and the services.
 */
public final class JunctionHeaders {

	/**
	 * Version chosen at the edge. Set only by the gateway (which drops a client-sent
	 * value), carried on by the starter's load-balanced clients, and used by them to
	 * prefer instances whose {@link JunctionMetadata#VERSION} matches.
	 */
	public static final String VERSION = "Junction-Version";

	/** Response header naming the instance (its Consul service id) that answered. */
	public static final String INSTANCE = "Junction-Instance";

	/** Response header carrying the {@link JunctionMetadata#VERSION} of the instance. */
	public static final String INSTANCE_VERSION = "Junction-Instance-Version";

	/**
	 * Correlation id of a chain of calls. Taken from the incoming request (or started by
	 * the first service that sees none) and carried on by the load-balanced clients.
	 */
	public static final String CORRELATION_ID = "X-Correlation-Id";

	/** Canary override request header of the gateway's traffic policy. */
	public static final String CANARY = "X-Canary";

	/** Canary override cookie name of the gateway's traffic policy. */
	public static final String CANARY_COOKIE = "canary";

	/** Default sticky key of the gateway's weighted canary choice. */
	public static final String USER_ID = "X-User-Id";

	/** API key header the gateway's rate limiter keys on. */
	public static final String API_KEY = "X-Api-Key";

	/** Rate-limit response header: the limit of the current window. */
	public static final String RATE_LIMIT_LIMIT = "RateLimit-Limit";

	/** Rate-limit response header: requests left in the current window. */
	public static final String RATE_LIMIT_REMAINING = "RateLimit-Remaining";

	/** Rate-limit response header: seconds until the window resets. */
	public static final String RATE_LIMIT_RESET = "RateLimit-Reset";

	/** Response header of a {@code 429}: seconds to wait before trying again. */
	public static final String RETRY_AFTER = "Retry-After";

	private JunctionHeaders() {
	}

}
