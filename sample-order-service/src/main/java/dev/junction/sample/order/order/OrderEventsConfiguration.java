/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order.order;

import dev.junction.starter.messaging.JunctionQueues;

import org.springframework.amqp.core.Declarables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The producer declares only its exchange; each consumer declares and binds its own
 * queue. Until some queue is bound, the outbox keeps the events (the relay publishes
 * mandatory and counts a returned message as not sent).
 */
@Configuration(proxyBeanMethods = false)
class OrderEventsConfiguration {

	@Bean
	Declarables orderEventsExchange(JunctionQueues queues, OrderEventsProperties properties) {
		return queues.exchange(properties.exchange());
	}

}
