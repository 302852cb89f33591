/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order.order;

import java.net.URI;
import java.util.UUID;

import jakarta.validation.Valid;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/orders}. A {@code POST} with an {@code Idempotency-Key} that was seen
 * before answers {@code 200} with the first order (and {@code Idempotent-Replayed: true})
 * instead of {@code 201} with a new one, so a client may retry a timed-out request
 * safely.
 */
@RestController
@RequestMapping("/api/orders")
class OrderController {

	static final String REPLAYED_HEADER = "Idempotent-Replayed";

	private final OrderService orders;

	OrderController(OrderService orders) {
		this.orders = orders;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<OrderResponse> place(@Valid @RequestBody PlaceOrderRequest request,
			@RequestHeader(name = IdempotencyKeyException.HEADER, required = false) String idempotencyKey) {
		if (idempotencyKey != null && !IdempotencyKeyException.isWellFormed(idempotencyKey)) {
			throw IdempotencyKeyException.malformed();
		}
		OrderService.Placement placement = this.orders.place(request, idempotencyKey);
		OrderResponse body = OrderResponse.of(placement.order());
		if (!placement.created()) {
			return ResponseEntity.ok().header(REPLAYED_HEADER, "true").body(body);
		}
		return ResponseEntity.created(URI.create("/api/orders/" + body.id())).body(body);
	}

	@GetMapping("/{id}")
	OrderResponse get(@PathVariable UUID id) {
		return OrderResponse.of(this.orders.find(id));
	}

}
