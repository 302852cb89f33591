/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.util.Collection;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * Deletes a test class's queues and exchanges. Kept apart from
 * {@link RabbitNamespaceExtension} so the RabbitMQ client is only loaded when there is
 * something to delete.
 */
final class RabbitCleanup {

	private RabbitCleanup() {
	}

	static void delete(ServerConnection server, Collection<String> queues, Collection<String> exchanges)
			throws Exception {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(server.host());
		factory.setPort(server.port());
		factory.setUsername(server.username());
		factory.setPassword(server.password());
		try (Connection connection = factory.newConnection("junction-test-cleanup");
				Channel channel = connection.createChannel()) {
			for (String queue : queues) {
				channel.queueDelete(queue);
			}
			for (String exchange : exchanges) {
				channel.exchangeDelete(exchange);
			}
		}
	}

}
