/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points order-service at a test class's own database and RabbitMQ names on the real
 * servers and at the class's dev Consul agent, where the tests register what plays
 * user-service. The app itself does not register: these tests are about its calls.
 */
final class IsolatedServers {

	private IsolatedServers() {
	}

	static void register(DynamicPropertyRegistry registry, PostgresDatabaseExtension database,
			RabbitNamespaceExtension rabbit, DevConsulExtension consul) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.putAll(database.springProperties());
		properties.putAll(rabbit.springProperties());
		properties.putAll(consul.springProperties());
		properties.put("spring.cloud.consul.discovery.register", "false");
		properties.put("junction.sample.order.events.exchange", rabbit.exchange("orders"));
		properties.put("junction.messaging.dead-letter-exchange", rabbit.exchange("dlx"));
		properties.forEach((key, value) -> registry.add(key, () -> value));
	}

	static long count(PostgresDatabaseExtension database, String table) throws SQLException {
		return database.queryForLong("select count(*) from " + table);
	}

}
