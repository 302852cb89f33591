/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import java.time.Duration;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory.ConfirmType;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.retry.RepublishMessageRecovererWithConfirms;
import org.springframework.expression.common.LiteralExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * What happens to a message whose listener still fails after the last retry: it is
 * republished to the dead-letter exchange, routed by the name of the queue it was
 * consumed from (so it lands in that queue's {@code .dlq}), with the exception recorded
 * in the {@code x-exception-message} and {@code x-exception-stacktrace} headers and its
 * original exchange and routing key in {@code x-original-exchange} and
 * {@code x-original-routingKey}.
 * <p>
 * Why republish rather than reject and let the broker dead-letter it: the broker's
 * dead-lettering records only an {@code x-death} reason ("rejected"), not why, and the
 * person looking at the dead-letter queue needs the why. The republish waits for the
 * broker's confirm, and only then is the original acknowledged; if the republish fails
 * (broker unreachable, dead-letter queue missing) the recoverer throws, the container
 * rejects the original without requeue, and the queue's own dead-letter exchange
 * (declared by {@link JunctionQueues}, at-least-once) takes it to the same dead-letter
 * queue. If even the reject cannot reach the broker, the message is redelivered and the
 * queue's delivery limit ends the loop. In every path the message exists somewhere:
 * nothing is dropped.
 */
public class DeadLetterRecoverer extends RepublishMessageRecovererWithConfirms {

	/**
	 * Creates a recoverer.
	 * @param template a template whose connection factory has correlated confirms; it is
	 * made mandatory so that a missing dead-letter queue counts as a failure
	 * @param deadLetterExchange the dead-letter exchange
	 * @param confirmTimeout how long to wait for the broker's confirm
	 */
	public DeadLetterRecoverer(RabbitTemplate template, String deadLetterExchange, Duration confirmTimeout) {
		super(mandatory(template), new LiteralExpression(deadLetterExchange),
				new SpelExpressionParser().parseExpression("messageProperties.consumerQueue"), ConfirmType.CORRELATED);
		setConfirmTimeout(confirmTimeout.toMillis());
		// opt-in since Spring AMQP 4.0.5; the why
		// is what the dead-letter queue is read for
		includeStackTrace(true);
	}

	private static RabbitTemplate mandatory(RabbitTemplate template) {
		template.setMandatory(true);
		// the returned message is reported through the confirm's correlation
		template.setReturnsCallback((returned) -> {
		});
		return template;
	}

}
