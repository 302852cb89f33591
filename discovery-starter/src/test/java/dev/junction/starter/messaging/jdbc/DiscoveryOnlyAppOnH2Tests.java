/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.jdbc;

import java.time.Duration;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.starter.ProviderApp;
import dev.junction.starter.TestApps;
import dev.junction.testsupport.ConsulHttp;
import dev.junction.starter.messaging.idempotency.IdempotentConsumer;
import dev.junction.starter.messaging.outbox.OutboxWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real app on H2 that adds the starter for discovery: it starts, registers, answers and
 * uses its database; the PostgreSQL-only parts are simply not there.
 */
class DiscoveryOnlyAppOnH2Tests {

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	@Test
	void startsRegistersAnswersAndUsesItsDatabaseWithoutTheOutboxOrTheIdempotentConsumer() throws Exception {
		try (ConfigurableApplicationContext app = TestApps.start(WebApplicationType.SERVLET, ProviderApp.class,
				consul.springProperties(), "spring.application.name=catalog-h2",
				"spring.datasource.url=jdbc:h2:mem:catalog;DB_CLOSE_DELAY=-1",
				// JDBC on (TestApps leaves it out), RabbitMQ still out
				"spring.autoconfigure.exclude=org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration")) {
			await().atMost(Duration.ofSeconds(20))
				.until(() -> ConsulHttp.passing(consul.baseUrl(), "catalog-h2").size() == 1);
			assertThat(TestApps.get(app, "/whoami").statusCode()).isEqualTo(200);
			assertThat(app.getBean(JdbcTemplate.class).queryForObject("SELECT 40 + 2", Integer.class)).isEqualTo(42);
			assertThat(app.getBeanProvider(OutboxWriter.class).getIfAvailable()).isNull();
			assertThat(app.getBeanProvider(IdempotentConsumer.class).getIfAvailable()).isNull();
		}
	}

}
