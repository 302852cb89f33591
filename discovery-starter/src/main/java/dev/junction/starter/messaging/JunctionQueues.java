/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.ExchangeBuilder;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;

/**
 * Builds Junction's topology, so every service declares it the same way. Expose the
 * results as beans and Boot's {@code RabbitAdmin} declares them whenever a connection
 * opens:
 *
 * <pre class="code">
 * &#64;Bean
 * Declarables orderPlacedQueue(JunctionQueues queues) {
 *     return queues.queue("orders.placed.user-service", "orders", "order.placed");
 * }
 * </pre>
 *
 * A queue is a durable quorum queue (replicated, survives a broker restart) with:
 * <ul>
 * <li>the dead-letter exchange ({@code junction.messaging.dead-letter-exchange}, direct)
 * and the queue's own name as dead-letter routing key, so what dies in
 * {@code orders.placed.user-service} lands in
 * {@code orders.placed.user-service.dlq};</li>
 * <li>a delivery limit ({@code junction.messaging.delivery-limit}): a message whose
 * consumer keeps crashing before it can acknowledge (so listener retries never get to
 * finish) is dead-lettered by the broker instead of looping forever;</li>
 * <li>at-least-once dead-lettering ({@code x-dead-letter-strategy=at-least-once}, which
 * needs {@code x-overflow=reject-publish}): the broker keeps a dead message until the
 * dead-letter queue has confirmed it, instead of the default fire-and-forget.</li>
 * </ul>
 * Source exchanges are durable topic exchanges; producer and consumer both declare them,
 * so it does not matter which starts first.
 */
public class JunctionQueues {

	/** Suffix of a queue's dead-letter queue. */
	public static final String DEAD_LETTER_QUEUE_SUFFIX = ".dlq";

	private final String deadLetterExchange;

	private final int deliveryLimit;

	public JunctionQueues(String deadLetterExchange, int deliveryLimit) {
		this.deadLetterExchange = deadLetterExchange;
		this.deliveryLimit = deliveryLimit;
	}

	/**
	 * A durable topic exchange for a producer's events.
	 * @param exchange the exchange name
	 * @return the exchange, to expose as a bean
	 */
	public Declarables exchange(String exchange) {
		return new Declarables(topicExchange(exchange));
	}

	/**
	 * A consumer's quorum queue bound to a topic exchange, with its dead-letter queue.
	 * @param queue the queue name, by convention {@code <event>.<consumer service>}
	 * @param exchange the topic exchange the events are published to
	 * @param routingKey the binding's routing key (a pattern)
	 * @return the exchanges, queues and bindings, to expose as a bean
	 */
	public Declarables queue(String queue, String exchange, String routingKey) {
		TopicExchange source = topicExchange(exchange);
		Queue main = QueueBuilder.durable(queue)
			.quorum()
			.deadLetterExchange(this.deadLetterExchange)
			.deadLetterRoutingKey(queue)
			.deliveryLimit(this.deliveryLimit)
			.overflow(QueueBuilder.Overflow.rejectPublish)
			.withArgument("x-dead-letter-strategy", "at-least-once")
			.build();
		DirectExchange deadLetters = deadLetterExchange();
		Queue deadLetterQueue = QueueBuilder.durable(deadLetterQueue(queue)).quorum().build();
		Binding binding = BindingBuilder.bind(main).to(source).with(routingKey);
		Binding deadLetterBinding = BindingBuilder.bind(deadLetterQueue).to(deadLetters).with(queue);
		return new Declarables(source, main, binding, deadLetters, deadLetterQueue, deadLetterBinding);
	}

	/**
	 * The name of a queue's dead-letter queue.
	 * @param queue the queue
	 * @return its dead-letter queue
	 */
	public static String deadLetterQueue(String queue) {
		return queue + DEAD_LETTER_QUEUE_SUFFIX;
	}

	/**
	 * The name of the dead-letter exchange all of this service's queues use.
	 * @return the exchange name
	 */
	public String getDeadLetterExchange() {
		return this.deadLetterExchange;
	}

	private DirectExchange deadLetterExchange() {
		return ExchangeBuilder.directExchange(this.deadLetterExchange).durable(true).build();
	}

	private static TopicExchange topicExchange(String exchange) {
		return ExchangeBuilder.topicExchange(exchange).durable(true).build();
	}

}
