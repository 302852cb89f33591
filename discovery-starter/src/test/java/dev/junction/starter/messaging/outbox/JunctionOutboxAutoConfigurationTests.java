/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.outbox;

import dev.junction.starter.messaging.JunctionPublisher;
import dev.junction.starter.messaging.MessagingTestSupport;
import dev.junction.testsupport.PostgresDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JunctionOutboxAutoConfiguration}, on a real PostgreSQL database since
 * it creates its table there. No broker is needed: the outbox stays empty.
 */
class JunctionOutboxAutoConfigurationTests {

	@RegisterExtension
	static PostgresDatabaseExtension database = new PostgresDatabaseExtension();

	private final ApplicationContextRunner runner = MessagingTestSupport.runner()
		.withConfiguration(MessagingTestSupport.RABBIT)
		.withConfiguration(MessagingTestSupport.JDBC)
		.withPropertyValues(MessagingTestSupport.pairs(database.springProperties()));

	@Test
	void providesTheWriterItsRelayTableHealthAndMetrics() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(OutboxWriter.class)
				.hasSingleBean(OutboxRelay.class)
				.hasSingleBean(OutboxMetrics.class)
				.hasBean("outboxHealthIndicator");
			assertThat(context.getBean(OutboxRelay.class).isRunning()).isTrue();
			assertThat(context.getBean(JdbcTemplate.class)
				.queryForObject("SELECT to_regclass('junction_outbox') IS NOT NULL", Boolean.class)).isTrue();
		});
	}

	@Test
	void backsOffForTheApplicationsOwnWriter() {
		this.runner.withUserConfiguration(OwnWriter.class)
			.run((context) -> assertThat(context.getBean(OutboxWriter.class))
				.isSameAs(context.getBean(OwnWriter.class).writer));
	}

	@Test
	void healthCanBeSwitchedOffLikeAnyIndicator() {
		this.runner.withPropertyValues("management.health.outbox.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(OutboxWriter.class)
				.doesNotHaveBean("outboxHealthIndicator"));
	}

	@Test
	void isOffWhenDisabled() {
		this.runner.withPropertyValues("junction.messaging.outbox.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(JunctionPublisher.class)
				.doesNotHaveBean(OutboxWriter.class)
				.doesNotHaveBean(OutboxRelay.class));
	}

	@Test
	void isOffWhenJunctionMessagingIsDisabled() {
		this.runner.withPropertyValues("junction.messaging.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(OutboxWriter.class));
	}

	@Test
	void isAbsentWithoutSpringJdbc() {
		this.runner.withClassLoader(new FilteredClassLoader(JdbcTemplate.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(OutboxWriter.class));
	}

	@Test
	void isAbsentWithoutSpringAmqp() {
		this.runner.withClassLoader(new FilteredClassLoader(RabbitTemplate.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(OutboxWriter.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnWriter {

		OutboxWriter writer;

		@Bean
		OutboxWriter ownOutboxWriter(JdbcTemplate jdbc, JunctionPublisher publisher) {
			this.writer = new OutboxWriter(new OutboxStore(jdbc, JsonMapper.builder().build()), publisher::toMessage,
					() -> {
					});
			return this.writer;
		}

	}

}
