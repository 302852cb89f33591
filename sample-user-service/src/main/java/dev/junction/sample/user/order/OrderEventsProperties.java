/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user.order;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where user-service receives order events.
 *
 * @param exchange the topic exchange order-service publishes to
 * @param routingKey the routing key of {@code OrderPlaced}
 * @param queue user-service's own queue (its dead-letter queue is the same name plus
 * {@code .dlq})
 */
@ConfigurationProperties("junction.sample.user.order-events")
record OrderEventsProperties(@DefaultValue("sample.orders") String exchange,
		@DefaultValue("order.placed") String routingKey,
		@DefaultValue(OrderEventsProperties.DEFAULT_QUEUE) String queue) {

	/**
	 * The queue's name unless configured; the listener's placeholder falls back to it
	 * too.
	 */
	static final String DEFAULT_QUEUE = "order.placed.sample-user-service";

}
