package com.example.orders;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import dev.junction.starter.messaging.outbox.OutboxWriter;

@RestController
@RequestMapping("/shop")
class ShopController {

	private final String version;

	private final String exchange;

	private final OutboxWriter outbox;

	private final RestClient peers;

	private final AtomicLong received = new AtomicLong();

	ShopController(@Value("${junction.instance.version}") String version, @Value("${shop.exchange}") String exchange,
			OutboxWriter outbox, @LoadBalanced RestClient.Builder loadBalanced) {
		this.version = version;
		this.exchange = exchange;
		this.outbox = outbox;
		this.peers = loadBalanced.baseUrl("http://orders-app").build();
	}

	@GetMapping("/hello")
	Map<String, String> hello() {
		return Map.of("version", this.version);
	}

	/** Places an order: the event goes out through the starter's outbox. */
	@PostMapping("/orders")
	@Transactional
	Map<String, String> place() {
		String messageId = this.outbox.append(this.exchange, "order.placed", Map.of("placedBy", this.version));
		return Map.of("messageId", messageId);
	}

	/** What another instance answers, called through the load-balanced client. */
	@GetMapping("/peer")
	Map<?, ?> peer() {
		return this.peers.get().uri("/shop/hello").retrieve().body(Map.class);
	}

	@GetMapping("/received")
	Map<String, Long> received() {
		return Map.of("received", this.received.get());
	}

	@RabbitListener(queues = "${shop.queue}")
	void onOrderPlaced(Message event) {
		this.received.incrementAndGet();
	}

	@Configuration(proxyBeanMethods = false)
	static class Topology {

		@Bean
		Declarables shopTopology(@Value("${shop.exchange}") String exchange, @Value("${shop.queue}") String queue) {
			TopicExchange events = new TopicExchange(exchange);
			Queue placed = new Queue(queue);
			Binding binding = BindingBuilder.bind(placed).to(events).with("order.placed");
			return new Declarables(events, placed, binding);
		}

	}

}
