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

}
