/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Junction's RabbitMQ messaging. Connection, confirms, prefetch and listener retries are
 * Boot's {@code spring.rabbitmq.*} properties, to which Junction only gives other
 * defaults (see {@link MessagingDefaultsEnvironmentPostProcessor}).
 */
@ConfigurationProperties("junction.messaging")
public class JunctionMessagingProperties {

	/** Whether to apply Junction's messaging opinions to Spring AMQP. */
	private boolean enabled = true;

	/**
	 * Exchange that failed messages are dead-lettered to, routed by their queue's name.
	 */
	private String deadLetterExchange = "junction.dlx";

	/**
	 * Deliveries of one message (a crashed consumer counts) before the broker
	 * dead-letters it.
	 */
	private int deliveryLimit = 10;

	/**
	 * How long to wait for the broker's publisher confirm before a message counts as not
	 * sent.
	 */
	private Duration confirmTimeout = Duration.ofSeconds(10);

	/** Acknowledgements of the direct listener container. */
	private final Listener listener = new Listener();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getDeadLetterExchange() {
		return this.deadLetterExchange;
	}

	public void setDeadLetterExchange(String deadLetterExchange) {
		this.deadLetterExchange = deadLetterExchange;
	}

	public int getDeliveryLimit() {
		return this.deliveryLimit;
	}

	public void setDeliveryLimit(int deliveryLimit) {
		this.deliveryLimit = deliveryLimit;
	}

	public Duration getConfirmTimeout() {
		return this.confirmTimeout;
	}

	public void setConfirmTimeout(Duration confirmTimeout) {
		this.confirmTimeout = confirmTimeout;
	}

	public Listener getListener() {
		return this.listener;
	}

	/**
	 * How listeners in the direct container (Junction's default) acknowledge handled
	 * messages: one acknowledgement for several, which the broker settles at once.
	 */
	public static class Listener {

		/**
		 * Handled messages acknowledged together; 1 acknowledges each one. At most half
		 * the prefetch, so the broker keeps delivering while a batch fills. A failed
		 * message first acknowledges those handled before it.
		 */
		private int messagesPerAck = 10;

		/**
		 * Longest a handled message waits for its acknowledgement when fewer than
		 * messages-per-ack follow it. A consumer that dies within it gets the waiting
		 * messages again (the idempotent consumer skips them); a graceful shutdown
		 * acknowledges them first.
		 */
		private Duration ackDelay = Duration.ofSeconds(1);

		public int getMessagesPerAck() {
			return this.messagesPerAck;
		}

		public void setMessagesPerAck(int messagesPerAck) {
			if (messagesPerAck < 1) {
				throw new IllegalArgumentException("junction.messaging.listener.messages-per-ack must be at least 1 "
						+ "(1 acknowledges each message), not " + messagesPerAck);
			}
			this.messagesPerAck = messagesPerAck;
		}

		public Duration getAckDelay() {
			return this.ackDelay;
		}

		public void setAckDelay(Duration ackDelay) {
			if (ackDelay.toMillis() < 10) {
				throw new IllegalArgumentException(
						"junction.messaging.listener.ack-delay must be at least 10ms, not " + ackDelay);
			}
			this.ackDelay = ackDelay;
		}

	}

}
