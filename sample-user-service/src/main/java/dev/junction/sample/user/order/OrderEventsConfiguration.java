/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user.order;

import dev.junction.starter.messaging.JunctionQueues;

import org.springframework.amqp.core.Declarables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The consumer owns its queue: the starter's durable quorum queue, bound to
 * order-service's exchange, with a dead-letter queue for messages the listener gives up
 * on, so a poison message is kept rather than dropped or redelivered forever.
 */
@Configuration(proxyBeanMethods = false)
class OrderEventsConfiguration {

	@Bean
	Declarables orderPlacedQueue(JunctionQueues queues, OrderEventsProperties properties) {
		return queues.queue(properties.queue(), properties.exchange(), properties.routingKey());
	}

}
