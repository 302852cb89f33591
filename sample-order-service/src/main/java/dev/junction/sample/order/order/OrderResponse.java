/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order.order;

import java.time.Instant;
import java.util.UUID;

/**
 * An order as the API shows it.
 *
 * @param id the order id
 * @param userId who placed it
 * @param product what was ordered
 * @param quantity how many
 * @param placedAt when it was stored
 */
record OrderResponse(UUID id, long userId, String product, int quantity, Instant placedAt) {

	static OrderResponse of(Order order) {
		return new OrderResponse(order.id(), order.userId(), order.product(), order.quantity(), order.placedAt());
	}

}
