/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.outbox;

import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/**
 * One row of {@code junction_outbox}: a message as it will be published, captured in the
 * transaction that caused it.
 *
 * @param id the message id
 * @param exchange the exchange to publish to
 * @param routingKey the routing key
 * @param payload the converted body
 * @param contentType the body's content type
 * @param correlationId the correlation id captured when the event was appended
 * @param headers the message headers, {@code junction-version} among them
 * @param createdAt when the event was appended
 * @param attempts how many times publishing it was tried
 */
record OutboxRecord(UUID id, String exchange, String routingKey, byte[] payload, String contentType,
		@Nullable String correlationId, Map<String, Object> headers, Instant createdAt, int attempts) {

	/** The message to publish, with the ids and headers captured when it was appended. */
	Message toMessage() {
		MessageProperties properties = new MessageProperties();
		this.headers.forEach(properties::setHeader);
		properties.setMessageId(this.id.toString());
		properties.setCorrelationId(this.correlationId);
		properties.setContentType(this.contentType);
		properties.setTimestamp(Date.from(this.createdAt));
		return new Message(this.payload, properties);
	}

}
