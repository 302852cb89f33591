/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order.order;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import dev.junction.sample.order.user.UserDirectory;
import dev.junction.starter.messaging.outbox.OutboxWriter;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places orders. The order row and its {@link OrderPlaced} event are written in one
 * transaction (the event into the starter's outbox, whose relay publishes it once the
 * broker confirms), so there is never an order without its event or an event without its
 * order, whatever crashes when.
 * <p>
 * The user check is a remote call and runs before the transaction, so no database
 * connection or lock is held while user-service is slow.
 */
@Service
class OrderService {

	private final OrderRepository orders;

	private final UserDirectory users;

	private final OutboxWriter outbox;

	private final OrderEventsProperties events;

	private final TransactionTemplate transactions;

	OrderService(OrderRepository orders, UserDirectory users, OutboxWriter outbox, OrderEventsProperties events,
			TransactionTemplate transactions) {
		this.orders = orders;
		this.users = users;
		this.outbox = outbox;
		this.events = events;
		this.transactions = transactions;
	}

	/**
	 * Places an order, or finds the one already placed with the same idempotency key. Two
	 * concurrent requests with one key both get the first order: the unique key makes the
	 * second insert a no-op, after which the first order is read.
	 * @param request the order
	 * @param idempotencyKey the client's key, or {@code null}
	 * @return the order and whether this call created it
	 */
	Placement place(PlaceOrderRequest request, String idempotencyKey) {
		if (idempotencyKey != null) {
			Optional<Order> existing = this.orders.findByIdempotencyKey(idempotencyKey);
			if (existing.isPresent()) {
				return replay(existing.get(), request);
			}
		}
		this.users.requireExisting(request.userId());
		Order order = new Order(UUID.randomUUID(), request.userId(), request.product(), request.quantity(),
				idempotencyKey, Instant.now().truncatedTo(ChronoUnit.MICROS));
		return this.transactions.execute((status) -> {
			if (!this.orders.insertUnlessKeyTaken(order)) {
				return replay(this.orders.findByIdempotencyKey(idempotencyKey).orElseThrow(), request);
			}
			this.outbox.append(this.events.exchange(), this.events.placedRoutingKey(), OrderPlaced.of(order));
			return new Placement(order, true);
		});
	}

	Order find(UUID id) {
		return this.orders.find(id).orElseThrow(() -> new OrderNotFoundException(id));
	}

	private static Placement replay(Order existing, PlaceOrderRequest request) {
		if (!existing.sameAs(request)) {
			throw IdempotencyKeyException.reused();
		}
		return new Placement(existing, false);
	}

	/**
	 * The outcome of {@link #place}.
	 *
	 * @param order the order
	 * @param created whether this call created it (otherwise it repeated an earlier one)
	 */
	record Placement(Order order, boolean created) {

	}

}
