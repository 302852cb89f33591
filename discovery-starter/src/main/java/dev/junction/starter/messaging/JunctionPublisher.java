/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import java.time.Duration;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.util.Assert;

/**
 * Publishes a message and counts it as sent only when the broker has confirmed it: the
 * call returns after a positive publisher confirm and throws
 * {@link JunctionPublishException} when the message is returned as unroutable, refused,
 * or not confirmed in time. Every message gets a message id, a correlation id and, when
 * the current thread handles work for a version chosen at the edge, the
 * {@code junction-version} header (see {@link MessagingContext#stamp}).
 * <p>
 * Publishing one message at a time waits one round trip per message; to publish many,
 * {@link #send send} them all and then {@link PendingConfirm#await() await} each.
 * <p>
 * Needs correlated publisher confirms and publisher returns on the connection factory
 * (Junction's defaults for {@code spring.rabbitmq.publisher-confirm-type} and
 * {@code spring.rabbitmq.publisher-returns}), and uses a template of its own with
 * {@code mandatory} set, whatever the application's {@link RabbitTemplate} does.
 */
public class JunctionPublisher {

	private static final Log logger = LogFactory.getLog(JunctionPublisher.class);

	private final RabbitTemplate template;

	private final Duration confirmTimeout;

	/**
	 * Creates a publisher.
	 * @param template a template for this publisher alone; it is made mandatory
	 * @param confirmTimeout how long to wait for the broker's confirm
	 */
	public JunctionPublisher(RabbitTemplate template, Duration confirmTimeout) {
		ConnectionFactory connectionFactory = template.getConnectionFactory();
		Assert.state(connectionFactory.isPublisherConfirms() && connectionFactory.isPublisherReturns(),
				"JunctionPublisher needs correlated publisher confirms and publisher returns, so that an unroutable "
						+ "or unconfirmed message is never counted as sent. Junction sets them by default; remove the "
						+ "setting that overrides spring.rabbitmq.publisher-confirm-type=correlated or "
						+ "spring.rabbitmq.publisher-returns=true");
		this.template = template;
		this.template.setMandatory(true);
		this.template.setReturnsCallback(this::logReturned);
		this.confirmTimeout = confirmTimeout;
	}

	/**
	 * Converts the payload (JSON by default) and publishes it, waiting for the confirm.
	 * @param exchange the exchange
	 * @param routingKey the routing key
	 * @param payload the payload
	 * @return the message id
	 * @throws JunctionPublishException when the message does not count as sent
	 */
	public String publish(String exchange, String routingKey, Object payload) {
		return publish(exchange, routingKey, payload, Map.of());
	}

	/**
	 * Converts the payload (JSON by default) and publishes it with extra headers, waiting
	 * for the confirm.
	 * @param exchange the exchange
	 * @param routingKey the routing key
	 * @param payload the payload
	 * @param headers extra headers
	 * @return the message id
	 * @throws JunctionPublishException when the message does not count as sent
	 */
	public String publish(String exchange, String routingKey, Object payload, Map<String, ?> headers) {
		return publish(exchange, routingKey, toMessage(payload, headers));
	}

	/**
	 * Publishes a message built by the caller (set its message id to choose one), waiting
	 * for the confirm.
	 * @param exchange the exchange
	 * @param routingKey the routing key
	 * @param message the message; missing ids and headers are filled in
	 * @return the message id
	 * @throws JunctionPublishException when the message does not count as sent
	 */
	public String publish(String exchange, String routingKey, Message message) {
		PendingConfirm pending = send(exchange, routingKey, message);
		pending.await();
		return pending.messageId();
	}

	/**
	 * Hands a message to the broker without waiting for its confirm; call
	 * {@link PendingConfirm#await()} before counting it as sent.
	 * @param exchange the exchange
	 * @param routingKey the routing key
	 * @param message the message; missing ids and headers are filled in
	 * @return the pending confirm
	 * @throws JunctionPublishException when the message cannot be handed to the broker
	 */
	public PendingConfirm send(String exchange, String routingKey, Message message) {
		String messageId = MessagingContext.stamp(message.getMessageProperties());
		CorrelationData correlation = new CorrelationData(messageId);
		long deadline = System.nanoTime() + this.confirmTimeout.toNanos();
		try {
			this.template.send(exchange, routingKey, message, correlation);
		}
		catch (AmqpException ex) {
			throw new JunctionPublishException(messageId, JunctionPublishException.Reason.NOT_SENT,
					"Message " + messageId + " could not be sent to exchange '" + exchange + "': " + ex.getMessage(),
					ex);
		}
		return new PendingConfirm(messageId, exchange, routingKey, correlation, deadline);
	}

	/**
	 * Converts a payload with the publisher's message converter.
	 * @param payload the payload
	 * @param headers extra headers
	 * @return the message, not yet stamped
	 */
	public Message toMessage(Object payload, Map<String, ?> headers) {
		MessageProperties properties = new MessageProperties();
		headers.forEach(properties::setHeader);
		return this.template.getMessageConverter().toMessage(payload, properties);
	}

	/** How long the publisher waits for the broker's confirm. */
	public Duration getConfirmTimeout() {
		return this.confirmTimeout;
	}

	private void logReturned(ReturnedMessage returned) {
		if (logger.isDebugEnabled()) {
			logger.debug("Broker returned message " + returned.getMessage().getMessageProperties().getMessageId() + ": "
					+ returned.getReplyText());
		}
	}

}
