/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.connection.CorrelationData.Confirm;

/**
 * A message {@link JunctionPublisher#send sent} to the broker whose confirm may still be
 * on its way: it counts as sent only once {@link #await()} returns.
 */
public final class PendingConfirm {

	private final String messageId;

	private final String exchange;

	private final String routingKey;

	private final CorrelationData correlation;

	private final long deadline;

	PendingConfirm(String messageId, String exchange, String routingKey, CorrelationData correlation, long deadline) {
		this.messageId = messageId;
		this.exchange = exchange;
		this.routingKey = routingKey;
		this.correlation = correlation;
		this.deadline = deadline;
	}

	/** The id of the message. */
	public String messageId() {
		return this.messageId;
	}

	/**
	 * Waits until the broker confirms the message, at most until the confirm timeout
	 * counted from when it was sent.
	 * @throws JunctionPublishException when the message does not count as sent
	 */
	public void await() {
		Confirm confirm = waitForConfirm();
		ReturnedMessage returned = this.correlation.getReturned();
		if (returned != null) {
			throw failure(JunctionPublishException.Reason.UNROUTABLE,
					"was returned by the broker (" + returned.getReplyText() + "): no queue is bound to exchange '"
							+ this.exchange + "' for routing key '" + this.routingKey
							+ "'; declare the consumer's queue and binding",
					null);
		}
		if (!confirm.ack()) {
			throw failure(JunctionPublishException.Reason.NOT_ACCEPTED,
					"was not accepted by the broker: " + confirm.reason(), null);
		}
	}

	private Confirm waitForConfirm() {
		long remaining = Math.max(0, this.deadline - System.nanoTime());
		try {
			return this.correlation.getFuture().get(remaining, TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			throw failure(JunctionPublishException.Reason.TIMEOUT,
					"was not confirmed in time (junction.messaging.confirm-timeout)", ex);
		}
		catch (ExecutionException ex) {
			throw failure(JunctionPublishException.Reason.NOT_ACCEPTED, "failed: " + ex.getCause(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw failure(JunctionPublishException.Reason.TIMEOUT, "was not confirmed: interrupted", ex);
		}
	}

	private JunctionPublishException failure(JunctionPublishException.Reason reason, String what,
			@Nullable Throwable cause) {
		return new JunctionPublishException(this.messageId, reason, "Message " + this.messageId + " to exchange '"
				+ this.exchange + "' with routing key '" + this.routingKey + "' " + what, cause);
	}

}
