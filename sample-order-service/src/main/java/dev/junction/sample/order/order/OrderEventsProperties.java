/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order.order;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where order-service publishes its events.
 *
 * @param exchange the topic exchange, which consumers bind their own queues to
 * @param placedRoutingKey the routing key of {@link OrderPlaced}
 */
@ConfigurationProperties("junction.sample.order.events")
record OrderEventsProperties(@DefaultValue("sample.orders") String exchange,
		@DefaultValue("order.placed") String placedRoutingKey) {

}
