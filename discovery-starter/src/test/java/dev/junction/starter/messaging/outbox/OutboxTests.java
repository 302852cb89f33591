/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.outbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import dev.junction.starter.CorrelationIds;
import dev.junction.starter.JunctionMdc;
import dev.junction.starter.messaging.JunctionQueues;
import dev.junction.starter.messaging.MessagingHeaders;
import dev.junction.starter.messaging.MessagingTestSupport;
import dev.junction.testsupport.LoopbackPorts;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The transactional outbox against a real PostgreSQL database and RabbitMQ broker.
 */
class OutboxTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@RegisterExtension
	static PostgresDatabaseExtension database = new PostgresDatabaseExtension();

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	private final String exchange = rabbit.exchange("orders");

	private final String queue = rabbit.queue("orders.placed.audit");

	private final String deadLetterQueue = rabbit
		.queue("orders.placed.audit" + JunctionQueues.DEAD_LETTER_QUEUE_SUFFIX);

	private final ApplicationContextRunner runner = MessagingTestSupport.runner()
		.withConfiguration(MessagingTestSupport.RABBIT)
		.withConfiguration(MessagingTestSupport.JDBC)
		.withPropertyValues(MessagingTestSupport.pairs(database.springProperties(), rabbit.springProperties()))
		.withPropertyValues("junction.messaging.outbox.initial-backoff=200ms")
		.withBean(Declarables.class,
				() -> new JunctionQueues(rabbit.exchange("dlx"), 10).queue(this.queue, this.exchange, "order.placed"));

	@AfterEach
	void clearMdcAndOutbox() throws SQLException {
		MDC.clear();
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			statement.execute("DELETE FROM junction_outbox");
		}
	}

	@Test
	void anEventAppendedInATransactionThatRollsBackIsNeverPublished() {
		this.runner.run((context) -> {
			OutboxWriter outbox = context.getBean(OutboxWriter.class);
			TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
			transaction.executeWithoutResult((status) -> {
				outbox.append(this.exchange, "order.placed", new OrderPlaced("rolled-back"));
				status.setRollbackOnly();
			});
			String committed = transaction
				.execute((status) -> outbox.append(this.exchange, "order.placed", new OrderPlaced("committed")));
			Message received = receive(context);
			assertThat(received.getMessageProperties().getMessageId()).isEqualTo(committed);
			assertThat(rows(context, "")).isOne();
			assertThat(context.getBean(RabbitTemplate.class).receive(this.queue)).isNull();
		});
	}

	@Test
	void aCommittedEventIsPublishedWithItsContextAndMarkedSent() {
		this.runner.run((context) -> {
			MDC.put(JunctionMdc.VERSION, "v2");
			MDC.put(JunctionMdc.CORRELATION_ID, "checkout-9");
			String messageId = context.getBean(TransactionTemplate.class)
				.execute((status) -> context.getBean(OutboxWriter.class)
					.append(this.exchange, "order.placed", new OrderPlaced("o-1"), Map.of("tenant", "acme")));
			MDC.clear();
			Message received = receive(context);
			assertThat(received.getMessageProperties().getMessageId()).isEqualTo(messageId);
			assertThat(received.getMessageProperties().getCorrelationId()).isEqualTo("checkout-9");
			assertThat(received.getMessageProperties().<String>getHeader(MessagingHeaders.VERSION)).isEqualTo("v2");
			assertThat(received.getMessageProperties().<String>getHeader("tenant")).isEqualTo("acme");
			assertThat(received.getMessageProperties().getContentType()).isEqualTo("application/json");
			assertThat(new String(received.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"orderId\":\"o-1\"}");
			await().atMost(PATIENCE).until(() -> rows(context, "WHERE sent_at IS NOT NULL") == 1);
		});
	}

	@Test
	void aCorrelationIdOrVersionThatBreaksTheRulesIsNotCarriedIntoTheOutbox() {
		this.runner.run((context) -> {
			// what the thread of a request with hostile headers would carry
			MDC.put(JunctionMdc.CORRELATION_ID, "c".repeat(300));
			MDC.put(JunctionMdc.VERSION, "v\u00002");
			String messageId = context.getBean(TransactionTemplate.class)
				.execute((status) -> context.getBean(OutboxWriter.class)
					.append(this.exchange, "order.placed", new OrderPlaced("o-hostile")));
			MDC.clear();
			Message received = receive(context);
			assertThat(received.getMessageProperties().getMessageId()).isEqualTo(messageId);
			assertThat(CorrelationIds.isAcceptable(received.getMessageProperties().getCorrelationId())).isTrue();
			assertThat(received.getMessageProperties().<String>getHeader(MessagingHeaders.VERSION)).isNull();
		});
	}

	@Test
	void aHeaderTheDatabaseCannotStoreIsRefusedBeforeItIsWritten() {
		this.runner.run((context) -> {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> context.getBean(TransactionTemplate.class)
					.execute((status) -> context.getBean(OutboxWriter.class)
						.append(this.exchange, "order.placed", new OrderPlaced("o-nul"), Map.of("note", "a\u0000b"))))
				.withMessageContaining("'note'");
			assertThat(rows(context, "")).isZero();
		});
	}

	@Test
	void appendingOutsideATransactionFailsLoudly() {
		this.runner.run((context) -> assertThatIllegalStateException().isThrownBy(
				() -> context.getBean(OutboxWriter.class).append(this.exchange, "order.placed", new OrderPlaced("o-2")))
			.withMessageContaining("inside the database transaction"));
	}

	@Test
	void anUnroutableEventStaysInTheOutboxAndIsRetried() {
		this.runner.run((context) -> {
			inTransaction(context, () -> context.getBean(OutboxWriter.class)
				.append(this.exchange, "order.misrouted", new OrderPlaced("o-3")));
			await().atMost(PATIENCE)
				.until(() -> rows(context,
						"WHERE sent_at IS NULL AND attempts >= 2 AND last_error LIKE '%no queue%'") == 1);
			Health health = context.getBean("outboxHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("pending", 1L).containsEntry("broker", "reachable");
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(OutboxMetrics.class).bindTo(registry);
			assertThat(registry.get("junction.outbox.pending").gauge().value()).isOne();
			assertThat(registry.get("junction.outbox.oldest.age").timeGauge().value()).isPositive();
		});
	}

	@Test
	void eventsWaitInTheOutboxWhileTheBrokerIsUnreachable() throws IOException {
		this.runner.withPropertyValues("spring.rabbitmq.port=" + LoopbackPorts.free()).run((context) -> {
			inTransaction(context, () -> context.getBean(OutboxWriter.class)
				.append(this.exchange, "order.placed", new OrderPlaced("o-4")));
			HealthIndicator indicator = context.getBean("outboxHealthIndicator", HealthIndicator.class);
			await().atMost(PATIENCE)
				.until(() -> String.valueOf(indicator.health().getDetails().get("broker"))
					.contains("events wait in the outbox"));
			Health health = indicator.health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("pending", 1L);
			assertThat(rows(context, "WHERE attempts = 0")).as("an unreachable broker is not the event's fault")
				.isOne();
		});
	}

	@Test
	void anEventLeftUnsentByAStoppedInstanceIsPublishedByTheNextOne() throws Exception {
		AtomicReference<String> messageId = new AtomicReference<>();
		this.runner.withPropertyValues("spring.rabbitmq.port=" + LoopbackPorts.free())
			.run((stopped) -> inTransaction(stopped, () -> messageId.set(stopped.getBean(OutboxWriter.class)
				.append(this.exchange, "order.placed", new OrderPlaced("o-5")))));
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			ResultSet unsent = statement.executeQuery("SELECT count(*) FROM junction_outbox WHERE sent_at IS NULL");
			assertThat(unsent.next() && unsent.getInt(1) == 1).as("left unsent").isTrue();
		}
		this.runner.run((next) -> {
			assertThat(receive(next).getMessageProperties().getMessageId()).isEqualTo(messageId.get());
			await().atMost(PATIENCE).until(() -> rows(next, "WHERE sent_at IS NOT NULL") == 1);
		});
	}

	@Test
	void twoInstancesRelayingOneOutboxPublishEachEventOnce() {
		int events = 300;
		this.runner.run((first) -> this.runner.run((second) -> {
			Set<String> appended = new HashSet<>();
			for (int batch = 0; batch < events / 10; batch++) {
				ApplicationContext writer = (batch % 2 == 0) ? first : second;
				inTransaction(writer, () -> {
					for (int i = 0; i < 10; i++) {
						appended.add(writer.getBean(OutboxWriter.class)
							.append(this.exchange, "order.placed", new OrderPlaced("o-" + appended.size())));
					}
				});
			}
			List<String> received = new ArrayList<>();
			while (received.size() < events) {
				received.add(receive(first).getMessageProperties().getMessageId());
			}
			assertThat(received).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(appended);
			await().atMost(PATIENCE).until(() -> rows(first, "WHERE sent_at IS NULL") == 0);
			assertThat(first.getBean(RabbitTemplate.class).receive(this.queue)).isNull();
		}));
	}

	private Message receive(ApplicationContext context) {
		Message message = context.getBean(RabbitTemplate.class).receive(this.queue, PATIENCE.toMillis());
		assertThat(message).as("message on " + this.queue).isNotNull();
		return message;
	}

	private static void inTransaction(ApplicationContext context, Runnable work) {
		context.getBean(TransactionTemplate.class).executeWithoutResult((status) -> work.run());
	}

	private static int rows(ApplicationContext context, String where) {
		return context.getBean(JdbcTemplate.class)
			.queryForObject("SELECT count(*) FROM junction_outbox " + where, Integer.class);
	}

	record OrderPlaced(String orderId) {

	}

}
