/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.junction.starter.CorrelationIds;
import dev.junction.starter.JunctionMdc;
import dev.junction.starter.JunctionVersions;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.MessageProperties;
import org.springframework.util.StringUtils;

/**
 * Moves Junction's context (version chosen at the edge, correlation id) between the
 * current thread's MDC and AMQP message properties.
 * <p>
 * Outgoing: {@link #stamp(MessageProperties)} gives a message everything a consumer and
 * an operator need to follow it, keeping what the caller already set. Incoming:
 * {@link #open(MessageProperties)} puts a received message's context into the MDC for the
 * duration of its handling, so logs show it and anything published while handling it
 * carries it on.
 */
public final class MessagingContext {

	private MessagingContext() {
	}

	/**
	 * Fills in what is missing: a message id (a random UUID), a correlation id (the MDC's
	 * correlation id, else its trace id, else the message id: the message starts a new
	 * chain), the {@code junction-version} header when the MDC has a version, and a
	 * timestamp. Whatever the correlation id and version come from, they pass
	 * {@link CorrelationIds} and {@link JunctionVersions} first: a correlation id that
	 * breaks the rule is replaced, a version that breaks it is left out, so no client's
	 * text reaches a message property or the outbox unchecked.
	 * @param properties the outgoing message's properties, changed in place
	 * @return the message id
	 */
	public static String stamp(MessageProperties properties) {
		String messageId = properties.getMessageId();
		if (!StringUtils.hasText(messageId)) {
			messageId = UUID.randomUUID().toString();
			properties.setMessageId(messageId);
		}
		String correlationId = properties.getCorrelationId();
		if (!StringUtils.hasText(correlationId)) {
			correlationId = JunctionMdc.correlationId();
			if (correlationId == null) {
				correlationId = messageId;
			}
		}
		properties.setCorrelationId(CorrelationIds.sanitize(correlationId));
		Object version = properties.getHeader(MessagingHeaders.VERSION);
		if (version == null) {
			version = JunctionMdc.version();
		}
		String sane = (version != null) ? JunctionVersions.sanitize(version.toString()) : null;
		if (sane != null) {
			properties.setHeader(MessagingHeaders.VERSION, sane);
		}
		else {
			properties.getHeaders().remove(MessagingHeaders.VERSION);
		}
		if (properties.getTimestamp() == null) {
			properties.setTimestamp(new Date());
		}
		return messageId;
	}

	/**
	 * Puts a received message's message id, correlation id and version into the MDC
	 * (removing values the message does not have) until the returned scope is closed,
	 * which restores what was there before.
	 * @param properties the received message's properties
	 * @return the scope to close when the message is handled
	 */
	public static JunctionMdc.Scope open(MessageProperties properties) {
		Map<String, @Nullable String> values = new LinkedHashMap<>();
		// whoever published the message chose these: checked like an HTTP request's
		values.put(MessagingHeaders.MDC_MESSAGE_ID, printable(properties.getMessageId()));
		String correlationId = properties.getCorrelationId();
		values.put(JunctionMdc.CORRELATION_ID,
				StringUtils.hasText(correlationId) ? CorrelationIds.sanitize(correlationId) : null);
		Object version = properties.getHeader(MessagingHeaders.VERSION);
		values.put(JunctionMdc.VERSION, (version != null) ? JunctionVersions.sanitize(version.toString()) : null);
		return JunctionMdc.open(values);
	}

	/** The message id for the logs, unless it could forge a log line. */
	private static @Nullable String printable(@Nullable String messageId) {
		if (messageId == null) {
			return null;
		}
		for (int i = 0; i < messageId.length(); i++) {
			if (Character.isISOControl(messageId.charAt(i))) {
				return null;
			}
		}
		return messageId;
	}

}
