/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The one rule for correlation ids that arrive from outside ({@code X-Correlation-Id} on
 * a request, the correlation id of a received message): at most {@value #MAX_LENGTH}
 * characters of {@code A-Z a-z 0-9 . _ : -}. An id that breaks the rule is replaced with
 * a fresh one rather than refused, since the request itself may be fine.
 * <p>
 * Why a rule at all: the id travels on into logs, outgoing headers, AMQP message
 * properties (a short string of at most 255 bytes) and the outbox's
 * {@code correlation_id} column ({@code varchar(255)}); a client's 300-character or
 * control-character id would fail every one of those writes, or forge log lines. UUIDs,
 * W3C trace ids and the usual {@code name-123} ids all pass. The starter applies it to
 * every inbound HTTP request (servlet and reactive) and every received message, and to
 * every message it stamps; the gateway applies the same rule at the edge.
 */
public final class CorrelationIds {

	/** The longest correlation id kept. */
	public static final int MAX_LENGTH = 128;

	private static final Log logger = LogFactory.getLog(CorrelationIds.class);

	private CorrelationIds() {
	}

	/**
	 * Whether a correlation id may be kept as it is.
	 * @param correlationId the id, may be {@code null}
	 * @return {@code true} for 1 to {@value #MAX_LENGTH} characters of
	 * {@code A-Z a-z 0-9 . _ : -}
	 */
	public static boolean isAcceptable(@Nullable String correlationId) {
		return Tokens.isToken(correlationId, MAX_LENGTH, "._:-");
	}

	/**
	 * The correlation id to use for one that came from outside.
	 * @param correlationId the id received, may be {@code null} or empty
	 * @return the id itself when it is {@link #isAcceptable acceptable}, else a fresh one
	 */
	public static String sanitize(@Nullable String correlationId) {
		if (isAcceptable(correlationId)) {
			return correlationId;
		}
		if (correlationId != null && !correlationId.isEmpty() && logger.isDebugEnabled()) {
			// the length only: the value is what must not reach the logs
			logger.debug("Replaced a correlation id of " + correlationId.length()
					+ " characters that breaks the rule (at most " + MAX_LENGTH + " of A-Z a-z 0-9 . _ : -)");
		}
		return generate();
	}

	/**
	 * A fresh correlation id: a random (version 4) UUID from the thread's own generator.
	 * A correlation id names a request in logs and is no secret, so it needs no
	 * {@link UUID#randomUUID()}, whose shared {@code SecureRandom} costs more than the
	 * rest of the edge's correlation handling per request.
	 * @return a random UUID
	 */
	public static String generate() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long most = (random.nextLong() & ~0xF000L) | 0x4000L;
		long least = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
		return new UUID(most, least).toString();
	}

}
