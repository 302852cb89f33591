/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.RedisNamespaceExtension;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points user-service at a test class's own database, Redis key prefix and RabbitMQ names
 * on the real servers, with Consul off: these tests are about the service, not about
 * discovery.
 */
final class IsolatedServers {

	private IsolatedServers() {
	}

	static Map<String, String> properties(PostgresDatabaseExtension database, RedisNamespaceExtension redis,
			RabbitNamespaceExtension rabbit) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.putAll(database.springProperties());
		properties.putAll(redis.springProperties());
		properties.putAll(rabbit.springProperties());
		properties.put("junction.sample.user.cache.key-prefix", redis.keyPrefix());
		properties.put("junction.sample.user.order-events.exchange", rabbit.exchange("orders"));
		properties.put("junction.sample.user.order-events.queue", rabbit.queue("order-placed"));
		rabbit.queue("order-placed.dlq"); // declared by the app; deleted with the others
		properties.put("junction.messaging.dead-letter-exchange", rabbit.exchange("dlx"));
		properties.put("spring.cloud.consul.enabled", "false");
		properties.put("spring.cloud.consul.discovery.enabled", "false");
		return properties;
	}

	static void register(DynamicPropertyRegistry registry, Map<String, String> properties) {
		properties.forEach((key, value) -> registry.add(key, () -> value));
	}

	static long count(PostgresDatabaseExtension database, String table) throws SQLException {
		return database.queryForLong("select count(*) from " + table);
	}

	static void execute(PostgresDatabaseExtension database, String sql) throws SQLException {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
