/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.idempotency;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * Applies a message's side effect at most once per consumer, however often the message is
 * delivered (RabbitMQ delivers at least once: after a lost connection, a crashed
 * consumer, or a relay that republished after its confirm).
 * <p>
 * The message id is recorded in {@code junction_processed_message} in the same database
 * transaction as the side effect: the transaction of the caller when there is one, else
 * one of its own. An {@code INSERT ... ON CONFLICT DO NOTHING} claims the id; only when
 * it inserted a row does the side effect run. If the side effect fails, the claim rolls
 * back with it and a redelivery tries again; a concurrent duplicate waits on the first
 * one's row lock and then skips. The side effect must write through the same
 * {@code DataSource} (a {@code JdbcTemplate}, JPA repository, ...) to share the
 * transaction.
 *
 * <pre class="code">
 * &#64;RabbitListener(queues = "orders.placed.user-service")
 * void on(OrderPlaced event, &#64;Header(AmqpHeaders.MESSAGE_ID) String messageId) {
 *     idempotentConsumer.process("user-service.order-count", messageId,
 *             () -> users.incrementOrderCount(event.userId()));
 * }
 * </pre>
 */
public class IdempotentConsumer {

	/**
	 * The longest message id recorded ({@code junction_processed_message.message_id}).
	 */
	public static final int MAX_MESSAGE_ID_LENGTH = 255;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	public IdempotentConsumer(JdbcTemplate jdbc, TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	/**
	 * Runs the side effect unless this consumer has already processed the message.
	 * @param consumer the consumer's name; each consumer of a message processes it once
	 * @param messageId the message id
	 * @param sideEffect what handling the message does
	 * @return {@code true} if the side effect ran, {@code false} for a duplicate
	 */
	public boolean process(String consumer, String messageId, Runnable sideEffect) {
		Assert.hasText(consumer, "'consumer' must not be empty");
		Assert.isTrue(StringUtils.hasText(messageId), () -> "Message of consumer '" + consumer
				+ "' has no message id, so it cannot be deduplicated; publish it with JunctionPublisher or the outbox");
		// the column is varchar(255) and PostgreSQL text has no NUL: a publisher's odd id
		// is refused with the reason (and dead-lettered after the listener's retries)
		// rather than failing in the database
		Assert.isTrue(messageId.length() <= MAX_MESSAGE_ID_LENGTH && messageId.indexOf('\0') < 0,
				() -> "Message of consumer '" + consumer + "' has a message id of " + messageId.length()
						+ " characters that cannot be recorded (at most " + MAX_MESSAGE_ID_LENGTH
						+ ", no NUL character)");
		Boolean applied = this.transaction.execute((status) -> {
			int claimed = this.jdbc.update("INSERT INTO junction_processed_message (consumer, message_id)"
					+ " VALUES (?, ?) ON CONFLICT DO NOTHING", consumer, messageId);
			if (claimed == 0) {
				return false;
			}
			sideEffect.run();
			return true;
		});
		return Boolean.TRUE.equals(applied);
	}

	/**
	 * Whether the consumer has processed the message.
	 * @param consumer the consumer's name
	 * @param messageId the message id
	 * @return whether a committed transaction recorded it
	 */
	public boolean isProcessed(String consumer, String messageId) {
		Integer count = this.jdbc.queryForObject(
				"SELECT count(*) FROM junction_processed_message WHERE consumer = ? AND message_id = ?", Integer.class,
				consumer, messageId);
		return count != null && count > 0;
	}

}
