/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.jdbc;

import dev.junction.starter.messaging.JunctionPublisher;
import dev.junction.starter.messaging.MessagingTestSupport;
import dev.junction.starter.messaging.idempotency.IdempotentConsumer;
import dev.junction.starter.messaging.outbox.OutboxWriter;
import dev.junction.testsupport.PostgresDatabaseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import dev.junction.starter.messaging.JunctionMessagingAutoConfiguration;
import dev.junction.starter.messaging.idempotency.JunctionIdempotencyAutoConfiguration;
import dev.junction.starter.messaging.outbox.JunctionOutboxAutoConfiguration;
import org.h2.Driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The outbox and the idempotent consumer need PostgreSQL: on another database (H2 here)
 * they back off and the rest of the starter works, an application that injects them is
 * told why at start-up, and a PostgreSQL application (even one whose database is down at
 * start-up) keeps both.
 */
@ExtendWith(OutputCaptureExtension.class)
class PostgresqlOnlyPartsTests {

	@RegisterExtension
	static PostgresDatabaseExtension database = new PostgresDatabaseExtension();

	private static final String H2 = "spring.datasource.url=jdbc:h2:mem:other;DB_CLOSE_DELAY=-1";

	private final ApplicationContextRunner runner = MessagingTestSupport.runner()
		.withConfiguration(MessagingTestSupport.RABBIT)
		.withConfiguration(MessagingTestSupport.JDBC);

	@Test
	void onH2BothPartsBackOffAndTheDatabaseAndMessagingStillWork() {
		this.runner.withPropertyValues(H2).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(OutboxWriter.class)
				.doesNotHaveBean(IdempotentConsumer.class)
				.hasSingleBean(JunctionPublisher.class);
			assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT 40 + 2", Integer.class))
				.isEqualTo(42);
		});
	}

	@Test
	void onBootsEmbeddedDatabaseWithoutAUrlBothPartsBackOff() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(OutboxWriter.class)
			.doesNotHaveBean(IdempotentConsumer.class));
	}

	@Test
	void onTheApplicationsOwnEmbeddedDatabaseBothPartsBackOff() {
		this.runner.withUserConfiguration(OwnEmbeddedDatabase.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(OutboxWriter.class)
				.doesNotHaveBean(IdempotentConsumer.class));
	}

	@Test
	void onPostgresqlTheApplicationGetsBothParts() {
		this.runner.withPropertyValues(MessagingTestSupport.pairs(database.springProperties()))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(OutboxWriter.class)
				.hasSingleBean(IdempotentConsumer.class));
	}

	@Test
	void aPostgresqlThatIsDownAtStartUpIsNotTakenForAnotherDatabase() {
		// nothing listens on port 9; the tables are the application's own, so nothing
		// connects at start-up
		this.runner
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:9/down",
					"junction.messaging.outbox.initialize-schema=never",
					"junction.messaging.idempotency.initialize-schema=never")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(OutboxWriter.class)
				.hasSingleBean(IdempotentConsumer.class));
	}

	@Test
	void anAppThatInjectsOutboxWriterOnH2FailsAtStartUpSayingWhyAndWhatToDo(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(NeedsOutboxWriter.class, H2));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The application uses Junction's OutboxWriter, which needs PostgreSQL, but its database is "
					+ "'jdbc:h2:mem:' (spring.datasource.url)")
			.contains("Point spring.datasource.url at a PostgreSQL database")
			.doesNotContain("Consider defining a bean");
	}

	@Test
	void anAppThatInjectsIdempotentConsumerOnH2FailsAtStartUpSayingWhyAndWhatToDo(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start(NeedsIdempotentConsumer.class, H2));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The application uses Junction's IdempotentConsumer, which needs PostgreSQL")
			.contains("junction.messaging.idempotency.enabled=false");
	}

	@Test
	void anAppWhoseOwnDataSourceTurnsOutToBeH2FailsAtStartUpSayingWhy(CapturedOutput output) {
		// the configuration does not tell; the database, asked at start-up, does
		assertThatException().isThrownBy(() -> start(OwnH2DataSource.class));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("uses Junction's OutboxWriter, which needs PostgreSQL, but its database is H2");
	}

	private static void start(Class<?> source, String... properties) {
		new SpringApplicationBuilder(Parts.class, source).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "logging.level.root=WARN")
			.properties(properties)
			.run()
			.close();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ RabbitAutoConfiguration.class, JacksonAutoConfiguration.class,
			JunctionMessagingAutoConfiguration.class, DataSourceAutoConfiguration.class,
			DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
			TransactionAutoConfiguration.class, JunctionOutboxAutoConfiguration.class,
			JunctionIdempotencyAutoConfiguration.class })
	static class Parts {

	}

	@Configuration(proxyBeanMethods = false)
	static class NeedsOutboxWriter {

		@Bean
		String orders(OutboxWriter writer) {
			return "orders";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NeedsIdempotentConsumer {

		@Bean
		String billing(IdempotentConsumer consumer) {
			return "billing";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnH2DataSource extends NeedsOutboxWriter {

		@Bean
		SimpleDriverDataSource dataSource() {
			return new SimpleDriverDataSource(new Driver(), "jdbc:h2:mem:own;DB_CLOSE_DELAY=-1");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnEmbeddedDatabase {

		@Bean
		EmbeddedDatabase dataSource() {
			return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2).generateUniqueName(true).build();
		}

	}

}
