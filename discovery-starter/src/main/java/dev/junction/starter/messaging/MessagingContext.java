package dev.junction.starter.messaging;

import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.junction.starter.CorrelationIds;
import dev.junction.starter.JunctionMdc;
import dev.junction.starter.JunctionVersions;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

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
			correlationId = currentCorrelationId();
			if (correlationId == null) {
				correlationId = messageId;
			}
		}
		properties.setCorrelationId(CorrelationIds.sanitize(correlationId));
		Object version = properties.getHeader(MessagingHeaders.VERSION);
		if (version == null) {
			version = currentVersion();
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
	 * The version chosen at the edge for the work this thread is doing, if any.
	 * @return the version or {@code null}
	 */
	public static @Nullable String currentVersion() {
		return textOrNull(MDC.get(JunctionMdc.VERSION));
	}

	/**
	 * The correlation id of the work this thread is doing: an explicit one, else the
	 * trace id, else {@code null}.
	 * @return the correlation id or {@code null}
	 */
	public static @Nullable String currentCorrelationId() {
		String correlationId = textOrNull(MDC.get(JunctionMdc.CORRELATION_ID));
		return (correlationId != null) ? correlationId : textOrNull(MDC.get(JunctionMdc.TRACE_ID));
	}

	/**
	 * Puts a received message's message id, correlation id and version into the MDC
	 * (removing values the message does not have) until the returned scope is closed,
	 * which restores what was there before.
	 * @param properties the received message's properties
	 * @return the scope to close when the message is handled
	 */
	public static Scope open(MessageProperties properties) {
		Map<String, @Nullable String> previous = new HashMap<>();
		// whoever published the message chose these: checked like an HTTP request's
		put(previous, MessagingHeaders.MDC_MESSAGE_ID, printable(properties.getMessageId()));
		String correlationId = properties.getCorrelationId();
		put(previous, JunctionMdc.CORRELATION_ID,
				StringUtils.hasText(correlationId) ? CorrelationIds.sanitize(correlationId) : null);
		Object version = properties.getHeader(MessagingHeaders.VERSION);
		put(previous, JunctionMdc.VERSION, (version != null) ? JunctionVersions.sanitize(version.toString()) : null);
		return () -> previous.forEach(MessagingContext::set);
	}

	private static void put(Map<String, @Nullable String> previous, String key, @Nullable String value) {
		previous.put(key, MDC.get(key));
		set(key, value);
	}

	private static void set(String key, @Nullable String value) {
		if (StringUtils.hasText(value)) {
			MDC.put(key, value);
		}
		else {
			MDC.remove(key);
		}
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

	private static @Nullable String textOrNull(@Nullable String value) {
		return StringUtils.hasText(value) ? value : null;
	}

	/**
	 * The MDC values of one handled message; closing restores the previous ones.
	 */
	@FunctionalInterface
	public interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
