/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import dev.junction.testsupport.ServerConnection;
import tools.jackson.databind.JsonNode;

/**
 * A queue of the test's own, bound to order-service's exchange like a consumer's: it
 * keeps a copy of every event published while it exists, including a relay's repeats, so
 * a test can see what was published independently of user-service. Nothing consumes it
 * while a scenario runs (a broker closing connections cannot cost it messages); the test
 * drains it when it wants to look. Each call uses a short connection of its own.
 */
final class EventTap {

	private final ConnectionFactory factory = new ConnectionFactory();

	private final String queue;

	private final List<Event> seen = new ArrayList<>();

	private EventTap(ServerConnection broker, String virtualHost, String queue) {
		this.factory.setHost(broker.host());
		this.factory.setPort(broker.port());
		this.factory.setUsername(broker.username());
		this.factory.setPassword(broker.password());
		this.factory.setVirtualHost(virtualHost);
		this.factory.setAutomaticRecoveryEnabled(false);
		this.queue = queue;
	}

	/**
	 * Declares the exchange as the apps do (a durable topic exchange) and a queue bound
	 * to it, which outlives the connection.
	 * @param broker the broker
	 * @param virtualHost the virtual host the apps use
	 * @param exchange order-service's exchange
	 * @param queue the tap's queue name
	 * @return the tap
	 */
	static EventTap bind(ServerConnection broker, String virtualHost, String exchange, String queue)
			throws IOException, TimeoutException {
		EventTap tap = new EventTap(broker, virtualHost, queue);
		try (Connection connection = tap.factory.newConnection("junction-it-tap");
				Channel channel = connection.createChannel()) {
			channel.exchangeDeclare(exchange, "topic", true);
			channel.queueDeclare(queue, false, false, false, null);
			channel.queueBind(queue, exchange, Deployment.EventNames.ROUTING_KEY);
		}
		return tap;
	}

	/** Takes everything now in the queue; returns all events seen so far. */
	synchronized List<Event> drain() throws IOException, TimeoutException {
		try (Connection connection = this.factory.newConnection("junction-it-tap");
				Channel channel = connection.createChannel()) {
			GetResponse response;
			while ((response = channel.basicGet(this.queue, true)) != null) {
				Map<String, String> headers = new HashMap<>();
				if (response.getProps().getHeaders() != null) {
					response.getProps().getHeaders().forEach((key, value) -> headers.put(key, String.valueOf(value)));
				}
				this.seen.add(
						new Event(response.getProps().getMessageId(), headers, Http.JSON.readTree(response.getBody())));
			}
		}
		return List.copyOf(this.seen);
	}

	/**
	 * How many messages are ready for delivery in another queue of the same virtual host,
	 * such as a dead-letter queue.
	 */
	long messagesReadyIn(String queue) throws IOException, TimeoutException {
		try (Connection connection = this.factory.newConnection("junction-it-tap");
				Channel channel = connection.createChannel()) {
			return channel.queueDeclarePassive(queue).getMessageCount();
		}
	}

	/** The copies of one order's event seen so far (after draining). */
	List<Event> eventsOf(UUID orderId) throws IOException, TimeoutException {
		return drain().stream().filter((event) -> orderId.equals(event.orderId())).toList();
	}

	/** Message ids seen so far, each once. */
	Set<String> distinctMessageIds() throws IOException, TimeoutException {
		Set<String> ids = new HashSet<>();
		drain().forEach((event) -> ids.add(event.messageId()));
		return ids;
	}

	/**
	 * One delivered copy of an event.
	 *
	 * @param messageId the AMQP message id (the outbox entry's id)
	 * @param headers the AMQP headers, as strings
	 * @param body the JSON payload
	 */
	record Event(String messageId, Map<String, String> headers, JsonNode body) {

		UUID orderId() {
			return UUID.fromString(this.body.get("orderId").asString());
		}

		String header(String name) {
			return this.headers.get(name);
		}

	}

}
