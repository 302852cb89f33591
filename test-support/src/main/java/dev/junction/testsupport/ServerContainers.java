/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * Testcontainers stand-ins for the local servers, used only where no local server answers
 * and Docker runs. Image tags are pinned to the versions the deployments use.
 */
final class ServerContainers {

	static final String POSTGRES_IMAGE = "postgres:16.4-alpine";

	static final String REDIS_IMAGE = "redis:7.4.1-alpine";

	static final String RABBITMQ_IMAGE = "rabbitmq:3.13.7-alpine";

	private ServerContainers() {
	}

	@SuppressWarnings("resource") // lives as long as the JVM; Testcontainers' reaper
									// removes it
	static ServerConnection start(ServerKind kind) {
		return switch (kind) {
			case POSTGRESQL -> {
				PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE).withDatabaseName("test");
				container.start();
				yield new ServerConnection(kind, container.getHost(), container.getMappedPort(5432),
						container.getUsername(), container.getPassword(), "Testcontainers " + POSTGRES_IMAGE);
			}
			case REDIS -> {
				GenericContainer<?> container = new GenericContainer<>(REDIS_IMAGE).withExposedPorts(6379);
				container.start();
				yield new ServerConnection(kind, container.getHost(), container.getMappedPort(6379), null, null,
						"Testcontainers " + REDIS_IMAGE);
			}
			case RABBITMQ -> {
				RabbitMQContainer container = new RabbitMQContainer(RABBITMQ_IMAGE);
				container.start();
				yield new ServerConnection(kind, container.getHost(), container.getAmqpPort(),
						container.getAdminUsername(), container.getAdminPassword(), "Testcontainers " + RABBITMQ_IMAGE);
			}
		};
	}

}
