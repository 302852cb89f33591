/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.junction.starter.messaging.JunctionQueues;
import dev.junction.starter.messaging.MessagingTestSupport;
import dev.junction.starter.messaging.idempotency.IdempotentConsumer;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.RabbitVirtualHostExtension;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox's promise under a broker failure: while events are appended and relayed, the
 * broker closes every connection (producer's and consumer's) twice; every event is still
 * delivered, and the idempotent consumer applies each exactly once.
 */
class OutboxBrokerConnectionLossTests {

	private static final Logger logger = LoggerFactory.getLogger(OutboxBrokerConnectionLossTests.class);

	private static final int MIN_EVENTS = 1000;

	/**
	 * A bound on the events placed, far above what the broker failures need: the producer
	 * is paced, so reaching it means the failures took minutes.
	 */
	private static final int MAX_EVENTS = 60_000;

	/** Pause between the producer's transactions: about 500 events a second. */
	private static final long PACE_MILLIS = 40;

	private static final int EVENTS_PER_TRANSACTION = 20;

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	@RegisterExtension
	static PostgresDatabaseExtension database = new PostgresDatabaseExtension();

	@RegisterExtension
	static RabbitVirtualHostExtension broker = new RabbitVirtualHostExtension();

	// names, and their deletion when the broker has no virtual host for this class
	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	private final String exchange = rabbit.exchange("orders");

	private final String queue = rabbit.queue("orders.placed.billing");

	private final String deadLetterQueue = rabbit
		.queue("orders.placed.billing" + JunctionQueues.DEAD_LETTER_QUEUE_SUFFIX);

	private final ApplicationContextRunner runner = MessagingTestSupport.runner()
		.withConfiguration(MessagingTestSupport.RABBIT)
		.withConfiguration(MessagingTestSupport.JDBC)
		.withUserConfiguration(Billing.class)
		.withPropertyValues(MessagingTestSupport.pairs(database.springProperties(), broker.springProperties()))
		.withPropertyValues("junction.messaging.dead-letter-exchange=" + rabbit.exchange("dlx"),
				"junction.messaging.outbox.initial-backoff=200ms", "spring.rabbitmq.listener.simple.concurrency=2",
				"test.exchange=" + this.exchange, "test.queue=" + this.queue);

	@Test
	void everyEventIsDeliveredAndAppliedOnceWhileTheBrokerDropsAllConnections() {
		this.runner.run((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			CachingConnectionFactory connectionFactory = context.getBean(CachingConnectionFactory.class);
			AtomicInteger connectionsOpened = countOpenedConnections(connectionFactory);
			AtomicBoolean brokerFailuresDone = new AtomicBoolean();
			ExecutorService producer = Executors.newSingleThreadExecutor();
			try {
				Future<Integer> placed = producer.submit(() -> placeOrders(context.getBean(OutboxWriter.class),
						context.getBean(TransactionTemplate.class), brokerFailuresDone));
				List<Integer> unsentWhenClosed = new ArrayList<>();
				int sentBefore = 0;
				for (int failure = 0; failure < 2; failure++) {
					int threshold = sentBefore + 200;
					awaitUntil("the relay to send " + threshold + " events",
							() -> count(jdbc, "junction_outbox WHERE sent_at IS NOT NULL") >= threshold);
					broker.closeAllConnections("junction starter test: the broker drops every connection");
					unsentWhenClosed.add(count(jdbc, "junction_outbox WHERE sent_at IS NULL"));
					sentBefore = count(jdbc, "junction_outbox WHERE sent_at IS NOT NULL");
				}
				brokerFailuresDone.set(true);
				int events = placed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
				awaitUntil("all " + events + " events to be billed", () -> count(jdbc, "billed") >= events);
				assertThat(count(jdbc, "billed")).isEqualTo(events);
				assertThat(jdbc.queryForObject("SELECT count(DISTINCT order_id) FROM billed", Integer.class))
					.isEqualTo(events);
				assertThat(count(jdbc, "junction_processed_message")).isEqualTo(events);
				awaitUntil("the outbox to be empty", () -> count(jdbc, "junction_outbox WHERE sent_at IS NULL") == 0);
				assertThat(count(jdbc, "junction_outbox")).isEqualTo(events);
				// the drops were real: the relay had to open a new connection to go on.
				// (Not one per drop: a drop that lands while the relay and the listeners
				// are between connections closes nothing
				// new; seen once in a full verify.)
				assertThat(connectionsOpened).hasValueGreaterThanOrEqualTo(2);
				assertThat(context.getBean(Billing.class).deliveries).hasValueGreaterThanOrEqualTo(events);
				logger.info("{} events, {} deliveries, {} connections, unsent when the broker dropped them: {}", events,
						context.getBean(Billing.class).deliveries, connectionsOpened, unsentWhenClosed);
			}
			finally {
				producer.shutdownNow();
			}
		});
	}

	/**
	 * Places orders, each in the outbox, until the broker failures are over (and at least
	 * {@link #MIN_EVENTS}), so that the failures happen while events are being published.
	 */
	private int placeOrders(OutboxWriter outbox, TransactionTemplate transaction, AtomicBoolean failuresDone) {
		int placed = 0;
		while ((!failuresDone.get() || placed < MIN_EVENTS) && placed < MAX_EVENTS) {
			int from = placed;
			transaction.executeWithoutResult((status) -> {
				for (int order = from; order < from + EVENTS_PER_TRANSACTION; order++) {
					outbox.append(this.exchange, "order.placed", new OrderPlaced("order-" + order));
				}
			});
			placed += EVENTS_PER_TRANSACTION;
			try {
				// paced, so that events are still being placed (and relayed) when the
				// second failure comes, however long the first one took
				Thread.sleep(PACE_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return placed;
	}

	private static AtomicInteger countOpenedConnections(CachingConnectionFactory connectionFactory) {
		AtomicInteger opened = new AtomicInteger();
		// a listener added after the first connection opened is told about it at once
		connectionFactory.addConnectionListener((connection) -> opened.incrementAndGet());
		return opened;
	}

	/**
	 * Waits for a condition; on timeout, fails with the stacks of the relay's and the
	 * broker client's threads, which show where a stalled relay waits.
	 */
	private static void awaitUntil(String what, Callable<Boolean> condition) {
		try {
			await().atMost(PATIENCE).until(condition);
		}
		catch (ConditionTimeoutException ex) {
			StringBuilder dump = new StringBuilder("Gave up waiting for " + what + " after " + PATIENCE
					+ ". Threads of the relay, the broker client and the listeners:\n");
			Thread.getAllStackTraces().forEach((thread, stack) -> {
				String name = thread.getName();
				if (name.startsWith("junction-outbox-relay") || name.startsWith("AMQP") || name.contains("rabbit")
						|| name.startsWith("pool-")) {
					dump.append('"').append(name).append("\" ").append(thread.getState()).append('\n');
					for (StackTraceElement element : stack) {
						dump.append("\tat ").append(element).append('\n');
					}
				}
			});
			throw new AssertionError(dump.toString(), ex);
		}
	}

	private static ConditionFactory await() {
		// Spring AMQP's own threads may throw while the broker closes channels under them
		// (a channel returned to the cache while its confirms are pending); that is the
		// failure being tested, not a failure of the test
		return Awaitility.await().dontCatchUncaughtExceptions();
	}

	private static int count(JdbcTemplate jdbc, String from) {
		return jdbc.queryForObject("SELECT count(*) FROM " + from, Integer.class);
	}

	record OrderPlaced(String orderId) {

	}

	@Configuration(proxyBeanMethods = false)
	static class Billing {

		final AtomicInteger deliveries = new AtomicInteger();

		private final JdbcTemplate jdbc;

		private final IdempotentConsumer idempotentConsumer;

		Billing(JdbcTemplate jdbc, IdempotentConsumer idempotentConsumer) {
			this.jdbc = jdbc;
			this.idempotentConsumer = idempotentConsumer;
			// no unique key: a second application of an event would show as a second row
			jdbc.execute("CREATE TABLE IF NOT EXISTS billed (order_id TEXT NOT NULL)");
		}

		@Bean
		Declarables billingQueue(JunctionQueues queues, Environment environment) {
			return queues.queue(environment.getRequiredProperty("test.queue"),
					environment.getRequiredProperty("test.exchange"), "order.placed");
		}

		@RabbitListener(queues = "${test.queue}")
		void bill(OrderPlaced event, @Header(AmqpHeaders.MESSAGE_ID) String messageId) {
			this.deliveries.incrementAndGet();
			this.idempotentConsumer.process("billing", messageId,
					() -> this.jdbc.update("INSERT INTO billed (order_id) VALUES (?)", event.orderId()));
		}

	}

}
