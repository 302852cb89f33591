/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.junction.starter.messaging.idempotency.JunctionIdempotencyAutoConfiguration;
import dev.junction.starter.messaging.outbox.JunctionOutboxAutoConfiguration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

/**
 * Application contexts for the messaging tests: Boot's auto-configurations that Junction
 * builds on, Junction's own, and Junction's property defaults (an
 * {@code EnvironmentPostProcessor} does not run in an {@link ApplicationContextRunner},
 * so it is applied as an initializer).
 */
public final class MessagingTestSupport {

	/** Boot's RabbitMQ and Jackson auto-configuration and Junction's messaging. */
	public static final AutoConfigurations RABBIT = AutoConfigurations.of(RabbitAutoConfiguration.class,
			JacksonAutoConfiguration.class, JunctionMessagingAutoConfiguration.class);

	/** Boot's JDBC auto-configuration and Junction's outbox and idempotent consumers. */
	public static final AutoConfigurations JDBC = AutoConfigurations.of(DataSourceAutoConfiguration.class,
			DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
			TransactionAutoConfiguration.class, JunctionOutboxAutoConfiguration.class,
			JunctionIdempotencyAutoConfiguration.class);

	private MessagingTestSupport() {
	}

	/**
	 * A runner with Junction's messaging defaults applied.
	 * @return the runner
	 */
	public static ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withInitializer((context) -> new MessagingDefaultsEnvironmentPostProcessor()
				.postProcessEnvironment(context.getEnvironment(), new SpringApplication()));
	}

	/**
	 * {@code key=value} pairs of the given properties, for
	 * {@link ApplicationContextRunner#withPropertyValues(String...)}.
	 * @param properties properties maps
	 * @return the pairs
	 */
	@SafeVarargs
	public static String[] pairs(Map<String, String>... properties) {
		List<String> pairs = new ArrayList<>();
		for (Map<String, String> each : properties) {
			each.forEach((key, value) -> pairs.add(key + "=" + value));
		}
		return pairs.toArray(String[]::new);
	}

}
