/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.outbox;

import javax.sql.DataSource;

import dev.junction.starter.messaging.JunctionMessagingAutoConfiguration;
import dev.junction.starter.messaging.JunctionPublisher;
import dev.junction.starter.messaging.jdbc.ConditionalOnPostgresqlDatabase;
import dev.junction.starter.messaging.jdbc.JunctionDatabase;
import dev.junction.starter.messaging.jdbc.JunctionSchemaInitializer;
import io.micrometer.core.instrument.binder.MeterBinder;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactional outbox: {@link OutboxWriter} for the application, a relay that
 * publishes through {@link JunctionPublisher} and marks events sent only once confirmed,
 * the {@code junction_outbox} table, and the backlog as health and metrics.
 * <p>
 * Junction has its own outbox rather than Spring Modulith's event externalization because
 * the Modulith release that goes with Boot 4.0 sends to RabbitMQ and forgets (it
 * completes the publication right after {@code convertAndSend}, without a confirm, and
 * does not notice a returned message), and an event counted as sent that the broker never
 * took is exactly what an outbox exists to prevent.
 * <p>
 * PostgreSQL only (jsonb, {@code SKIP LOCKED}): on a database the configuration names as
 * another one it backs off, and an application that injects {@link OutboxWriter} there is
 * told why at start-up ({@code JunctionDatabaseFailureAnalyzer}).
 */
@AutoConfiguration(after = JunctionMessagingAutoConfiguration.class,
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
				"org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
				"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration" })
@ConditionalOnClass({ RabbitTemplate.class, JdbcTemplate.class, DatabaseInitializationProperties.class,
		JsonMapper.class })
@ConditionalOnBean(JunctionPublisher.class)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnPostgresqlDatabase
@ConditionalOnBooleanProperty(name = "junction.messaging.outbox.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OutboxProperties.class)
public final class JunctionOutboxAutoConfiguration {

	private static final String PART = "OutboxWriter";

	@Bean
	@ConditionalOnMissingBean(name = "junctionOutboxSchemaInitializer")
	JunctionSchemaInitializer junctionOutboxSchemaInitializer(DataSource dataSource, OutboxProperties properties,
			Environment environment, BeanFactory beanFactory) {
		return JunctionSchemaInitializer.forPostgresql(dataSource, properties, environment, beanFactory, PART);
	}

	@Bean
	@ConditionalOnMissingBean
	OutboxStore junctionOutboxStore(DataSource dataSource, Environment environment, BeanFactory beanFactory) {
		JunctionDatabase.requirePostgresqlWhenUnknown(environment, beanFactory, dataSource, PART);
		return new OutboxStore(new JdbcTemplate(dataSource), JsonMapper.builder().build());
	}

	@Bean
	@ConditionalOnMissingBean
	OutboxRelay junctionOutboxRelay(OutboxStore store, DataSource dataSource, JunctionPublisher publisher,
			OutboxProperties properties) {
		// the relay's transactions only hold its row locks:
		// a manager of its own on the same DataSource
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		return new OutboxRelay(store, transaction, publisher, properties);
	}

	@Bean
	@ConditionalOnMissingBean
	OutboxWriter junctionOutboxWriter(OutboxStore store, JunctionPublisher publisher, OutboxRelay relay) {
		return new OutboxWriter(store, publisher::toMessage, relay::wakeUp);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("outbox")
	static class OutboxHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "outboxHealthIndicator")
		OutboxHealthIndicator outboxHealthIndicator(OutboxStore store, OutboxRelay relay) {
			return new OutboxHealthIndicator(store, relay);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class OutboxMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		OutboxMetrics junctionOutboxMetrics(OutboxStore store) {
			return new OutboxMetrics(store);
		}

	}

}
