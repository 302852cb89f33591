/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user.order;

import java.time.Instant;
import java.util.UUID;

/**
 * user-service's own copy of the event order-service publishes when an order is placed.
 * There is no shared event jar: this copy is pinned to the producer's by the JSON fixture
 * {@code contracts/order-placed.json}, which both services test against.
 *
 * @param orderId the order's id
 * @param userId who placed it
 * @param product what was ordered
 * @param quantity how many
 * @param placedAt when the order was stored
 */
record OrderPlaced(UUID orderId, long userId, String product, int quantity, Instant placedAt) {

}
