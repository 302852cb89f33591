/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.idempotency;

import dev.junction.starter.messaging.MessagingTestSupport;
import dev.junction.testsupport.PostgresDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JunctionIdempotencyAutoConfiguration}, on a real PostgreSQL database
 * since it creates its table there.
 */
class JunctionIdempotencyAutoConfigurationTests {

	@RegisterExtension
	static PostgresDatabaseExtension database = new PostgresDatabaseExtension();

	private final ApplicationContextRunner runner = MessagingTestSupport.runner()
		.withConfiguration(MessagingTestSupport.JDBC)
		.withPropertyValues(MessagingTestSupport.pairs(database.springProperties()));

	@Test
	void providesTheIdempotentConsumerAndItsTable() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(IdempotentConsumer.class);
			assertThat(tableExists(context)).isTrue();
		});
	}

	@Test
	void forgetsProcessedIdsOlderThanTheRetentionAndKeepsTheRest() {
		this.runner.withPropertyValues("junction.messaging.idempotency.retention=1h").run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.update("DELETE FROM junction_processed_message");
			// more than one batch of expired ids, and ids inside the retention
			int expired = ProcessedMessageCleanup.BATCH_SIZE + 500;
			jdbc.update(
					"INSERT INTO junction_processed_message (consumer, message_id, processed_at)"
							+ " SELECT 'billing', 'old-' || n, now() - interval '2 hours' FROM generate_series(1, ?) n",
					expired);
			jdbc.update("INSERT INTO junction_processed_message (consumer, message_id, processed_at)"
					+ " SELECT 'billing', 'recent-' || n, now() - interval '50 minutes' FROM generate_series(1, 10) n");
			assertThat(context.getBean(ProcessedMessageCleanup.class).deleteExpired()).isEqualTo(expired);
			assertThat(jdbc.queryForList("SELECT message_id FROM junction_processed_message", String.class)).hasSize(10)
				.allMatch((id) -> id.startsWith("recent-"));
			// a redelivery of a remembered message is still a duplicate
			IdempotentConsumer consumer = context.getBean(IdempotentConsumer.class);
			assertThat(consumer.process("billing", "recent-1", () -> {
				throw new IllegalStateException("applied twice");
			})).isFalse();
		});
	}

	@Test
	void rejectsANegativeRetentionAtStartUp() {
		this.runner.withPropertyValues("junction.messaging.idempotency.retention=-1d")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("junction.messaging.idempotency.retention must not be negative"));
	}

	@Test
	void worksWithoutSpringAmqp() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.amqp"))
			.run((context) -> assertThat(context).hasSingleBean(IdempotentConsumer.class));
	}

	@Test
	void leavesTheTableToTheApplicationWhenAskedTo() {
		this.runner.withPropertyValues("junction.messaging.idempotency.initialize-schema=never")
			.withPropertyValues("spring.datasource.url=" + database.jdbcUrl() + "?currentSchema=untouched")
			.run((context) -> {
				// creating the table would have failed: the schema does not exist
				assertThat(context).hasNotFailed().hasSingleBean(IdempotentConsumer.class);
				assertThat(context.getBean(JdbcTemplate.class)
					.queryForObject("SELECT to_regclass('untouched.junction_processed_message') IS NULL",
							Boolean.class))
					.isTrue();
			});
	}

	@Test
	void backsOffForTheApplicationsOwnConsumer() {
		this.runner.withUserConfiguration(OwnConsumer.class)
			.run((context) -> assertThat(context.getBean(IdempotentConsumer.class))
				.isSameAs(context.getBean(OwnConsumer.class).consumer));
	}

	@Test
	void isOffWhenDisabled() {
		this.runner.withPropertyValues("junction.messaging.idempotency.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IdempotentConsumer.class));
	}

	@Test
	void isAbsentWithoutSpringJdbc() {
		this.runner.withClassLoader(new FilteredClassLoader(JdbcTemplate.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IdempotentConsumer.class));
	}

	private static boolean tableExists(ApplicationContext context) {
		return context.getBean(JdbcTemplate.class)
			.queryForObject("SELECT to_regclass('junction_processed_message') IS NOT NULL", Boolean.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnConsumer {

		IdempotentConsumer consumer;

		@Bean
		IdempotentConsumer ownIdempotentConsumer(JdbcTemplate jdbc, TransactionTemplate transaction) {
			this.consumer = new IdempotentConsumer(jdbc, transaction);
			return this.consumer;
		}

	}

}
