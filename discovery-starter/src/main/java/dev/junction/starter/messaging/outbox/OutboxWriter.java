/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.outbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

import dev.junction.starter.messaging.MessagingContext;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * Appends an event to the transactional outbox: call it in the same database transaction
 * that writes the state the event describes, and the event is published if and only if
 * that transaction commits, however the application or the broker fails afterwards.
 *
 * <pre class="code">
 * &#64;Transactional
 * Order place(NewOrder request) {
 *     Order order = orders.save(...);
 *     outbox.append("orders", "order.placed", new OrderPlaced(order.id(), ...));
 *     return order;
 * }
 * </pre>
 *
 * The payload is converted (JSON by default) and the message id, correlation id and
 * {@code junction-version} are captured now, from the calling thread's context, since the
 * relay that publishes the event later runs on a thread of its own.
 */
public class OutboxWriter {

	private final OutboxStore store;

	private final BiFunction<Object, Map<String, ?>, Message> converter;

	private final TransactionSynchronization wakeRelayAfterCommit;

	OutboxWriter(OutboxStore store, BiFunction<Object, Map<String, ?>, Message> converter, Runnable relayWakeUp) {
		this.store = store;
		this.converter = converter;
		// one instance, so that a transaction appending many events registers it once
		this.wakeRelayAfterCommit = new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				relayWakeUp.run();
			}

		};
	}

	/**
	 * Appends an event.
	 * @param exchange the exchange to publish to
	 * @param routingKey the routing key
	 * @param payload the event
	 * @return the id the message will carry
	 * @throws IllegalStateException when no transaction is active
	 */
	public String append(String exchange, String routingKey, Object payload) {
		return append(exchange, routingKey, payload, Map.of());
	}

	/**
	 * Appends an event with extra headers (strings, numbers or booleans: they are stored
	 * as JSON).
	 * @param exchange the exchange to publish to
	 * @param routingKey the routing key
	 * @param payload the event
	 * @param headers extra headers
	 * @return the id the message will carry
	 * @throws IllegalStateException when no transaction is active
	 */
	public String append(String exchange, String routingKey, Object payload, Map<String, ?> headers) {
		Assert.state(TransactionSynchronizationManager.isActualTransactionActive(),
				"OutboxWriter.append must run inside the database transaction that writes the state the event "
						+ "describes (@Transactional or a TransactionTemplate); without one, an event could be "
						+ "published for a change that is rolled back");
		Message message = this.converter.apply(payload, headers);
		MessageProperties stamped = message.getMessageProperties();
		String messageId = UUID.randomUUID().toString();
		stamped.setMessageId(messageId);
		MessagingContext.stamp(stamped);
		String contentType = (stamped.getContentType() != null) ? stamped.getContentType()
				: MessageProperties.DEFAULT_CONTENT_TYPE;
		Map<String, Object> storedHeaders = new LinkedHashMap<>(stamped.getHeaders());
		storedHeaders.forEach(OutboxWriter::requireStorable);
		this.store.insert(UUID.fromString(messageId), exchange, routingKey, message.getBody(), contentType,
				stamped.getCorrelationId(), storedHeaders);
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(this.wakeRelayAfterCommit);
		}
		return messageId;
	}

	/**
	 * Headers are stored as {@code jsonb}, which has no NUL character: refused here, with
	 * its name, rather than as a database error that fails the caller's transaction.
	 */
	private static void requireStorable(String name, Object value) {
		if (name.indexOf('\0') >= 0 || (value instanceof CharSequence text && text.toString().indexOf('\0') >= 0)) {
			throw new IllegalArgumentException("Header '" + name.replace('\0', '?')
					+ "' of an outbox event contains a NUL character, which the outbox (PostgreSQL jsonb) cannot "
					+ "store; remove it, or check the value where it entered the application");
		}
	}

}
