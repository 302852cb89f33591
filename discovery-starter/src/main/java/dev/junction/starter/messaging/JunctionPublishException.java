/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import org.jspecify.annotations.Nullable;

import org.springframework.amqp.AmqpException;

/**
 * A message that {@link JunctionPublisher} cannot count as sent: the broker did not
 * confirm that it took responsibility for it. The caller must treat the message as not
 * sent (the outbox relay keeps it and tries again); it may still have reached a queue
 * (for example when the connection dropped after the broker stored it but before the
 * confirm arrived), which is why consumers are idempotent.
 */
public class JunctionPublishException extends AmqpException {

	private final String messageId;

	private final Reason reason;

	public JunctionPublishException(String messageId, Reason reason, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.messageId = messageId;
		this.reason = reason;
	}

	/** The id of the message that was not confirmed. */
	public String getMessageId() {
		return this.messageId;
	}

	/** Why the message does not count as sent. */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * Why a message does not count as sent.
	 */
	public enum Reason {

		/**
		 * The broker returned the message: no queue is bound to the exchange for its
		 * routing key (a missing binding or a typo), so nobody would ever receive it.
		 */
		UNROUTABLE,

		/**
		 * The broker refused the message (a negative confirm), or the channel closed
		 * before the confirm arrived (connection lost, missing exchange).
		 */
		NOT_ACCEPTED,

		/** No confirm arrived within {@code junction.messaging.confirm-timeout}. */
		TIMEOUT,

		/** The message could not be handed to the broker at all (no connection). */
		NOT_SENT

	}

}
