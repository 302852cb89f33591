/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import com.rabbitmq.client.Channel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactoryUtils;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.connection.RabbitUtils;
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
 * {@link #send send} them all (or keep a window of unconfirmed ones) and then
 * {@link PendingConfirm#await() await} each. Every send goes out on one channel that the
 * publisher keeps open (sends from several threads take turns, each for the time of the
 * write), so the broker confirms a window of messages in a few acknowledgements that each
 * cover many; the channel of a send that fails, and a channel the broker or a connection
 * loss closed, is given up, its unconfirmed messages fail (negative confirms), and the
 * next send opens another. A {@code RabbitTemplate} would instead take a channel from the
 * cache for each message and keep it out of the cache until its confirm came, which opens
 * and closes a channel for most messages of a window.
 * <p>
 * Sharing the channel has one cost: a message to an exchange that does not exist makes
 * the broker close the channel, so the messages sent after it, until the close arrives,
 * fail with it ({@code NOT_ACCEPTED}) and are sent again by whoever retries them, such as
 * the outbox relay. A send that fails is reported at once: the template's retries
 * ({@code spring.rabbitmq.template.retry.*}) do not apply to the publisher.
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

	private final Lock channelLock = new ReentrantLock();

	/** The channel every send goes out on, guarded by {@link #channelLock}. */
	private @Nullable Channel channel;

	/** The connection {@link #channel} belongs to, guarded by {@link #channelLock}. */
	private @Nullable Connection connection;

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
		this.channelLock.lock();
		try {
			// the template registers the confirm (correlated by the channel's next
			// sequence number) and publishes, mandatory, under this lock: no other send
			// takes the number in between
			this.template.doSend(openChannel(), exchange, routingKey, message, true, correlation);
		}
		catch (RuntimeException ex) {
			// a confirm the message may have registered is failed when the channel closes
			closeChannel();
			throw new JunctionPublishException(messageId, JunctionPublishException.Reason.NOT_SENT,
					"Message " + messageId + " could not be sent to exchange '" + exchange + "': " + ex.getMessage(),
					ex);
		}
		finally {
			this.channelLock.unlock();
		}
		return new PendingConfirm(messageId, exchange, routingKey, correlation, deadline);
	}

	/**
	 * Gives the publisher's channel back to the connection factory, which closes it once
	 * the broker confirmed what is still unconfirmed on it (or fails those messages when
	 * it does not in time). A later send opens another channel.
	 */
	public void close() {
		this.channelLock.lock();
		try {
			closeChannel();
		}
		finally {
			this.channelLock.unlock();
		}
	}

	/** The channel to send on: the one kept, while it is open, else a new one. */
	private Channel openChannel() {
		Channel kept = this.channel;
		if (kept != null && kept.isOpen()) {
			return kept;
		}
		closeChannel();
		Connection connection = ConnectionFactoryUtils.createConnection(this.template.getConnectionFactory(),
				this.template.isUsePublisherConnection());
		Channel created = null;
		try {
			created = connection.createChannel(false);
			// the template hears of this channel's confirms and returns
			this.template.addListener(created);
		}
		catch (RuntimeException ex) {
			RabbitUtils.closeChannel(created);
			RabbitUtils.closeConnection(connection);
			throw ex;
		}
		this.connection = connection;
		this.channel = created;
		return created;
	}

	/**
	 * Gives the channel back to the connection factory: a closed one is dropped and its
	 * unconfirmed messages get negative confirms; an open one returns to the cache once
	 * its confirms arrived.
	 */
	private void closeChannel() {
		Channel channel = this.channel;
		Connection connection = this.connection;
		this.channel = null;
		this.connection = null;
		RabbitUtils.closeChannel(channel);
		RabbitUtils.closeConnection(connection);
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
