/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order.order;

import java.time.Instant;
import java.util.UUID;

/**
 * An order as stored.
 *
 * @param id the order id
 * @param userId who placed it
 * @param product what was ordered
 * @param quantity how many
 * @param idempotencyKey the client's {@code Idempotency-Key}, or {@code null}
 * @param placedAt when it was stored (microseconds, as PostgreSQL keeps it)
 */
record Order(UUID id, long userId, String product, int quantity, String idempotencyKey, Instant placedAt) {

	/** Whether a repeated request asks for this very order. */
	boolean sameAs(PlaceOrderRequest request) {
		return this.userId == request.userId() && this.product.equals(request.product())
				&& this.quantity == request.quantity();
	}

}
