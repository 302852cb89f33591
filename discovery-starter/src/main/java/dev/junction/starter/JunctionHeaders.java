/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter;

/**
 * HTTP header names of the Junction platform that services and the edge share, defined
 * once (the README's "Names and ports"). The starter, the gateway and the sample services
 * all refer to these constants so that a renamed header cannot drift between the edge and
 * the services. Names only the edge uses (canary override, rate limiting) are the gateway
 * starter's {@code dev.junction.gateway.GatewayHeaders}.
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

	/**
	 * Response header that marks an answer refused by load shedding (a {@code 503} with
	 * {@code Retry-After}, value {@code true}): the instance is healthy but full. Callers
	 * neither count it against the instance (outlier detection) nor retry it at once.
	 */
	public static final String LOAD_SHED = "Junction-Load-Shed";

	/**
	 * Response header that marks an answer shaped by fault injection
	 * ({@code junction.faults.enabled}): {@code delay}, {@code abort} or
	 * {@code delay, abort}, so that nobody takes an injected failure for a real defect.
	 */
	public static final String FAULT = "Junction-Fault";

	private JunctionHeaders() {
	}

}
