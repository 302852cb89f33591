/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import dev.junction.starter.JunctionHeaders;
import dev.junction.starter.JunctionMdc;

/**
 * Names Junction's messaging uses on the wire and in the logging context, defined once.
 * <p>
 * The version chosen at the edge travels over HTTP as {@link JunctionHeaders#VERSION} and
 * over AMQP as the {@link #VERSION} header. Inside a JVM it travels in the SLF4J MDC
 * under {@link JunctionMdc#VERSION}, the correlation id under
 * {@link JunctionMdc#CORRELATION_ID}: whoever handles an incoming request or message puts
 * them there, and {@link JunctionPublisher} and the outbox read them from there when they
 * stamp an outgoing message (see {@link MessagingContext}).
 */
public final class MessagingHeaders {

	/** AMQP header carrying the version chosen at the edge. */
	public static final String VERSION = "junction-version";

	/** MDC key of the id of the message being handled. */
	public static final String MDC_MESSAGE_ID = "messageId";

	private MessagingHeaders() {
	}

}
