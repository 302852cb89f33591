/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user.order;

import dev.junction.sample.user.user.UserService;
import dev.junction.starter.messaging.idempotency.IdempotentConsumer;

import org.springframework.amqp.AmqpRejectAndDontRequeueException;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Counts a user's orders from {@link OrderPlaced} events, once per message id however
 * often the broker delivers it: the id is recorded in the same transaction as the count
 * (the starter's {@link IdempotentConsumer}). A message that cannot be applied (no id, an
 * unknown user) fails, and after the listener's retries lands in the dead-letter queue
 * with the reason.
 */
@Component
class OrderPlacedListener {

	/** This consumer's name among the consumers of a message id. */
	static final String CONSUMER = "sample-user-service.order-count";

	private final IdempotentConsumer idempotentConsumer;

	private final UserService users;

	OrderPlacedListener(IdempotentConsumer idempotentConsumer, UserService users) {
		this.idempotentConsumer = idempotentConsumer;
		this.users = users;
	}

	@RabbitListener(queues = "${junction.sample.user.order-events.queue:" + OrderEventsProperties.DEFAULT_QUEUE + "}")
	void onOrderPlaced(OrderPlaced event, @Header(name = AmqpHeaders.MESSAGE_ID, required = false) String messageId) {
		if (messageId == null || messageId.isBlank()) {
			throw new AmqpRejectAndDontRequeueException("OrderPlaced for order " + event.orderId()
					+ " has no message id, so a redelivery could not be recognised; not counted");
		}
		this.idempotentConsumer.process(CONSUMER, messageId, () -> {
			if (!this.users.recordOrder(event.userId())) {
				throw new AmqpRejectAndDontRequeueException(
						"OrderPlaced " + messageId + " names user " + event.userId() + ", who does not exist");
			}
		});
	}

}
