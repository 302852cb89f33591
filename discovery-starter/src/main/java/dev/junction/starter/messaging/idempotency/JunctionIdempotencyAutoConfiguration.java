/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.idempotency;

import javax.sql.DataSource;

import dev.junction.starter.messaging.jdbc.ConditionalOnPostgresqlDatabase;
import dev.junction.starter.messaging.jdbc.JunctionDatabase;
import dev.junction.starter.messaging.jdbc.JunctionSchemaInitializer;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The idempotent-consumer helper and its table. Needs only JDBC, not AMQP: any consumer
 * of at-least-once deliveries can use it. PostgreSQL only ({@code ON CONFLICT},
 * {@code ctid}): on a database the configuration names as another one it backs off, and
 * an application that injects {@link IdempotentConsumer} there is told why at start-up
 * ({@code JunctionDatabaseFailureAnalyzer}).
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration" })
@ConditionalOnClass({ JdbcTemplate.class, TransactionTemplate.class, DatabaseInitializationProperties.class })
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnPostgresqlDatabase
@ConditionalOnBooleanProperty(name = "junction.messaging.idempotency.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IdempotencyProperties.class)
public final class JunctionIdempotencyAutoConfiguration {

	private static final String PART = "IdempotentConsumer";

	@Bean
	@ConditionalOnMissingBean(name = "junctionIdempotencySchemaInitializer")
	JunctionSchemaInitializer junctionIdempotencySchemaInitializer(DataSource dataSource,
			IdempotencyProperties properties, Environment environment, BeanFactory beanFactory) {
		return JunctionSchemaInitializer.forPostgresql(dataSource, properties, environment, beanFactory, PART);
	}

	@Bean
	@ConditionalOnMissingBean
	ProcessedMessageCleanup junctionProcessedMessageCleanup(DataSource dataSource, IdempotencyProperties properties) {
		return new ProcessedMessageCleanup(new JdbcTemplate(dataSource), properties.getRetention(),
				properties.getCleanupInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	IdempotentConsumer idempotentConsumer(DataSource dataSource,
			ObjectProvider<PlatformTransactionManager> transactionManager, Environment environment,
			BeanFactory beanFactory) {
		JunctionDatabase.requirePostgresqlWhenUnknown(environment, beanFactory, dataSource, PART);
		// the application's transaction manager, so
		// that the claim joins the caller's transaction
		PlatformTransactionManager manager = transactionManager
			.getIfUnique(() -> new DataSourceTransactionManager(dataSource));
		return new IdempotentConsumer(new JdbcTemplate(dataSource), new TransactionTemplate(manager));
	}

}
