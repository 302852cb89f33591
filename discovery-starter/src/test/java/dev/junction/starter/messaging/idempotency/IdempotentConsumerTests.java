/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.idempotency;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.junction.starter.messaging.JunctionPublisher;
import dev.junction.starter.messaging.JunctionQueues;
import dev.junction.starter.messaging.MessagingTestSupport;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * {@link IdempotentConsumer} against a real PostgreSQL database (and a real RabbitMQ
 * broker for redelivery).
 */
class IdempotentConsumerTests {

	@RegisterExtension
	static PostgresDatabaseExtension database = new PostgresDatabaseExtension();

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	private final String exchange = rabbit.exchange("orders");

	private final String queue = rabbit.queue("orders.placed.counter");

	private final String deadLetterQueue = rabbit
		.queue("orders.placed.counter" + JunctionQueues.DEAD_LETTER_QUEUE_SUFFIX);

	private final ApplicationContextRunner runner = MessagingTestSupport.runner()
		.withConfiguration(MessagingTestSupport.RABBIT)
		.withConfiguration(MessagingTestSupport.JDBC)
		.withUserConfiguration(OrderCounter.class)
		.withPropertyValues(MessagingTestSupport.pairs(database.springProperties(), rabbit.springProperties()))
		.withPropertyValues("junction.messaging.dead-letter-exchange=" + rabbit.exchange("dlx"),
				"test.exchange=" + this.exchange, "test.queue=" + this.queue);

	@Test
	void theSameMessageDeliveredTwiceAppliesItsSideEffectOnce() {
		this.runner.run((context) -> {
			JunctionPublisher publisher = context.getBean(JunctionPublisher.class);
			OrderCounter counter = context.getBean(OrderCounter.class);
			Message first = publisher.toMessage(new OrderPlaced("ada"), Map.of());
			first.getMessageProperties().setMessageId("order-1");
			Message again = publisher.toMessage(new OrderPlaced("ada"), Map.of());
			again.getMessageProperties().setMessageId("order-1");
			publisher.publish(this.exchange, "order.placed", first);
			publisher.publish(this.exchange, "order.placed", again);
			publisher.publish(this.exchange, "order.placed", new OrderPlaced("ada"));
			await().atMost(Duration.ofSeconds(30)).until(() -> counter.deliveries.get() == 3);
			assertThat(counter.orders("ada")).isEqualTo(2);
			assertThat(counter.applied).hasValue(2);
		});
	}

	@Test
	void aSideEffectThatFailsLeavesTheMessageToBeProcessedAgain() {
		this.runner.run((context) -> {
			IdempotentConsumer consumer = context.getBean(IdempotentConsumer.class);
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> consumer.process("mailer", "message-1", () -> {
					throw new IllegalStateException("mail server down");
				}));
			assertThat(consumer.isProcessed("mailer", "message-1")).isFalse();
			assertThat(consumer.process("mailer", "message-1", () -> {
			})).isTrue();
			assertThat(consumer.isProcessed("mailer", "message-1")).isTrue();
		});
	}

	@Test
	void theClaimRollsBackWithTheCallersTransaction() {
		this.runner.run((context) -> {
			IdempotentConsumer consumer = context.getBean(IdempotentConsumer.class);
			context.getBean(TransactionTemplate.class).executeWithoutResult((status) -> {
				assertThat(consumer.process("ledger", "message-2", () -> {
				})).isTrue();
				status.setRollbackOnly();
			});
			assertThat(consumer.isProcessed("ledger", "message-2")).isFalse();
		});
	}

	@Test
	void eachConsumerProcessesAMessageOnce() {
		this.runner.run((context) -> {
			IdempotentConsumer consumer = context.getBean(IdempotentConsumer.class);
			AtomicInteger runs = new AtomicInteger();
			assertThat(consumer.process("ledger", "message-3", runs::incrementAndGet)).isTrue();
			assertThat(consumer.process("mailer", "message-3", runs::incrementAndGet)).isTrue();
			assertThat(consumer.process("ledger", "message-3", runs::incrementAndGet)).isFalse();
			assertThat(runs).hasValue(2);
		});
	}

	@Test
	void aMessageWithoutIdCannotBeDeduplicated() {
		this.runner.run((context) -> assertThatIllegalArgumentException()
			.isThrownBy(() -> context.getBean(IdempotentConsumer.class).process("ledger", "", () -> {
			}))
			.withMessageContaining("has no message id"));
	}

	@Test
	void aMessageIdTheTableCannotHoldIsRefusedWithTheReasonAndNothingRuns() {
		this.runner.run((context) -> {
			IdempotentConsumer consumer = context.getBean(IdempotentConsumer.class);
			AtomicInteger ran = new AtomicInteger();
			for (String messageId : new String[] { "order\u00001", "o".repeat(256) }) {
				assertThatIllegalArgumentException()
					.isThrownBy(() -> consumer.process("ledger", messageId, ran::incrementAndGet))
					.withMessageContaining("cannot be recorded");
			}
			assertThat(ran).hasValue(0);
		});
	}

	record OrderPlaced(String userId) {

	}

	@Configuration(proxyBeanMethods = false)
	static class OrderCounter {

		final AtomicInteger deliveries = new AtomicInteger();

		final AtomicInteger applied = new AtomicInteger();

		private final JdbcTemplate jdbc;

		private final IdempotentConsumer idempotentConsumer;

		OrderCounter(JdbcTemplate jdbc, IdempotentConsumer idempotentConsumer) {
			this.jdbc = jdbc;
			this.idempotentConsumer = idempotentConsumer;
			jdbc.execute("CREATE TABLE IF NOT EXISTS order_count (user_id TEXT PRIMARY KEY, orders INTEGER NOT NULL)");
		}

		@Bean
		Declarables orderQueue(JunctionQueues queues, Environment environment) {
			return queues.queue(environment.getRequiredProperty("test.queue"),
					environment.getRequiredProperty("test.exchange"), "order.placed");
		}

		@RabbitListener(queues = "${test.queue}")
		void on(OrderPlaced event, @Header(AmqpHeaders.MESSAGE_ID) String messageId) {
			this.idempotentConsumer.process("user-service.order-count", messageId, () -> {
				this.jdbc.update(
						"INSERT INTO order_count (user_id, orders) VALUES (?, 1)"
								+ " ON CONFLICT (user_id) DO UPDATE SET orders = order_count.orders + 1",
						event.userId());
				this.applied.incrementAndGet();
			});
			this.deliveries.incrementAndGet();
		}

		int orders(String userId) {
			return this.jdbc.queryForObject("SELECT orders FROM order_count WHERE user_id = ?", Integer.class, userId);
		}

	}

}
