/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import dev.junction.starter.JunctionMdc;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.MessageHeaders;

/**
 * Puts a received message's context (message id, correlation id,
 * {@code junction-version}) into the MDC while its listener runs, including every retry
 * and the dead-lettering, and restores the MDC afterwards. Anything the listener
 * publishes, directly or through the outbox, carries the same correlation id and version
 * on.
 * <p>
 * An advice rather than a message post-processor because only an advice runs
 * <em>around</em> the listener and can clean up after it: consumer threads are reused and
 * must not carry one message's version into the next.
 * <p>
 * The message is found by its type among the intercepted method's arguments, not by its
 * position: a container's advice chain sees {@code (Channel, Message)}, but the same
 * advice may sit in front of a {@code MessageListener} or a method that receives a Spring
 * Messaging {@link org.springframework.messaging.Message} (whose AMQP properties are the
 * {@link AmqpHeaders} headers).
 */
final class ListenerContextAdvice implements MethodInterceptor {

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		MessageProperties properties = receivedProperties(invocation.getArguments());
		if (properties == null) {
			return invocation.proceed();
		}
		try (JunctionMdc.Scope scope = MessagingContext.open(properties)) {
			return invocation.proceed();
		}
	}

	private static @Nullable MessageProperties receivedProperties(Object[] arguments) {
		for (Object argument : arguments) {
			if (argument instanceof Message message) {
				return message.getMessageProperties();
			}
		}
		for (Object argument : arguments) {
			if (argument instanceof org.springframework.messaging.Message<?> message) {
				return properties(message.getHeaders());
			}
		}
		return null;
	}

	private static MessageProperties properties(MessageHeaders headers) {
		MessageProperties properties = new MessageProperties();
		properties.setMessageId(text(headers.get(AmqpHeaders.MESSAGE_ID)));
		properties.setCorrelationId(text(headers.get(AmqpHeaders.CORRELATION_ID)));
		Object version = headers.get(MessagingHeaders.VERSION);
		if (version != null) {
			properties.setHeader(MessagingHeaders.VERSION, version);
		}
		return properties;
	}

	private static @Nullable String text(@Nullable Object value) {
		return (value != null) ? value.toString() : null;
	}

}
