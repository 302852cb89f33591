/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The SQL of the outbox, PostgreSQL dialect, in one place.
 */
final class OutboxStore {

	private static final TypeReference<Map<String, Object>> HEADERS = new TypeReference<>() {
	};

	private static final String COLUMNS = "id, exchange, routing_key, payload, content_type, correlation_id, "
			+ "headers::text AS headers, created_at, attempts";

	private final JdbcTemplate jdbc;

	private final JsonMapper jsonMapper;

	OutboxStore(JdbcTemplate jdbc, JsonMapper jsonMapper) {
		this.jdbc = jdbc;
		this.jsonMapper = jsonMapper;
	}

	void insert(UUID id, String exchange, String routingKey, byte[] payload, String contentType,
			@Nullable String correlationId, Map<String, Object> headers) {
		this.jdbc.update(
				"INSERT INTO junction_outbox (id, exchange, routing_key, payload, content_type, correlation_id, headers)"
						+ " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)",
				id, exchange, routingKey, payload, contentType, correlationId,
				this.jsonMapper.writeValueAsString(headers));
	}

	/**
	 * Locks up to {@code limit} events that are due, oldest first, skipping those another
	 * relay has locked. Must run in a transaction, which holds the locks until it ends.
	 */
	List<OutboxRecord> lockDue(int limit) {
		return this.jdbc
			.query("SELECT " + COLUMNS + " FROM junction_outbox" + " WHERE sent_at IS NULL AND next_attempt_at <= now()"
					+ " ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED", this::record, limit);
	}

	void markSent(List<UUID> ids) {
		this.jdbc.batchUpdate("UPDATE junction_outbox SET sent_at = now(), attempts = attempts + 1, last_error = NULL"
				+ " WHERE id = ?", ids, ids.size(), (statement, id) -> statement.setObject(1, id));
	}

	void markFailed(UUID id, String error, Duration retryAfter) {
		this.jdbc.update(
				"UPDATE junction_outbox SET attempts = attempts + 1, last_error = ?,"
						+ " next_attempt_at = now() + make_interval(secs => ?) WHERE id = ?",
				error, retryAfter.toMillis() / 1000.0, id);
	}

	Backlog backlog() {
		return this.jdbc.queryForObject("SELECT count(*), min(created_at) FROM junction_outbox WHERE sent_at IS NULL",
				(rs, row) -> {
					Timestamp oldest = rs.getTimestamp(2);
					return new Backlog(rs.getLong(1), (oldest != null) ? oldest.toInstant() : null);
				});
	}

	int deleteSentBefore(Instant before, int limit) {
		return this.jdbc.update("DELETE FROM junction_outbox WHERE id IN (SELECT id FROM junction_outbox"
				+ " WHERE sent_at IS NOT NULL AND sent_at < ? LIMIT ?)", Timestamp.from(before), limit);
	}

	private OutboxRecord record(ResultSet rs, int row) throws SQLException {
		return new OutboxRecord(rs.getObject("id", UUID.class), rs.getString("exchange"), rs.getString("routing_key"),
				rs.getBytes("payload"), rs.getString("content_type"), rs.getString("correlation_id"),
				this.jsonMapper.readValue(rs.getString("headers"), HEADERS), rs.getTimestamp("created_at").toInstant(),
				rs.getInt("attempts"));
	}

	/**
	 * Events not yet sent.
	 *
	 * @param pending how many
	 * @param oldest when the oldest was appended, {@code null} when there is none
	 */
	record Backlog(long pending, @Nullable Instant oldest) {

		Duration oldestAge(Instant now) {
			return (this.oldest != null) ? Duration.between(this.oldest, now) : Duration.ZERO;
		}

	}

}
