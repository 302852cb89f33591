/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order;

import java.time.Duration;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * A consumer's queue bound to order-service's exchange, as user-service binds one: it
 * lets the relay's mandatory publish be routed (and so counted as sent), and lets a test
 * read what was published.
 */
final class OrderPlacedQueue {

	private final RabbitTemplate rabbitTemplate;

	private final String queue;

	private final JsonMapper json = JsonMapper.builder().build();

	private OrderPlacedQueue(RabbitTemplate rabbitTemplate, String queue) {
		this.rabbitTemplate = rabbitTemplate;
		this.queue = queue;
	}

	static OrderPlacedQueue declare(AmqpAdmin admin, RabbitTemplate rabbitTemplate, String exchange, String queue) {
		TopicExchange orders = new TopicExchange(exchange);
		admin.declareExchange(orders);
		admin.declareQueue(new Queue(queue, false));
		admin.declareBinding(BindingBuilder.bind(new Queue(queue)).to(orders).with("order.placed"));
		return new OrderPlacedQueue(rabbitTemplate, queue);
	}

	/** Takes messages off the queue until the event of the order arrives. */
	Message receive(String orderId) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (System.nanoTime() < deadline) {
			Message message = this.rabbitTemplate.receive(this.queue, 1000);
			if (message != null && orderId.equals(this.json.readTree(message.getBody()).get("orderId").asString())) {
				return message;
			}
		}
		throw new AssertionError("No OrderPlaced for order " + orderId + " in " + this.queue + " within 30 s");
	}

}
