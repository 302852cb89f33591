/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order.order;

import java.time.Instant;
import java.util.UUID;

/**
 * Published (through the outbox) when an order is stored. Consumers keep their own copy
 * of this type; the JSON fixture {@code contracts/order-placed.json}, which both sides
 * test against, is the contract.
 *
 * @param orderId the order's id
 * @param userId who placed it
 * @param product what was ordered
 * @param quantity how many
 * @param placedAt when the order was stored
 */
record OrderPlaced(UUID orderId, long userId, String product, int quantity, Instant placedAt) {

	static OrderPlaced of(Order order) {
		return new OrderPlaced(order.id(), order.userId(), order.product(), order.quantity(), order.placedAt());
	}

}
