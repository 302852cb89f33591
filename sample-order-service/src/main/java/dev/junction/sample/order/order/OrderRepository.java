/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Orders in PostgreSQL.
 */
@Repository
class OrderRepository {

	private static final String COLUMNS = "id, user_id, product, quantity, idempotency_key, placed_at";

	private final JdbcClient jdbc;

	OrderRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores the order unless another one already holds its idempotency key. A concurrent
	 * insert of the same key waits for the first transaction and then inserts nothing.
	 * @param order the order
	 * @return whether it was stored
	 */
	boolean insertUnlessKeyTaken(Order order) {
		return this.jdbc
			.sql("insert into orders (" + COLUMNS + ") values (:id, :userId, :product, :quantity, "
					+ ":idempotencyKey, :placedAt) on conflict (idempotency_key) do nothing")
			.param("id", order.id())
			.param("userId", order.userId())
			.param("product", order.product())
			.param("quantity", order.quantity())
			.param("idempotencyKey", order.idempotencyKey())
			.param("placedAt", order.placedAt().atOffset(ZoneOffset.UTC))
			.update() == 1;
	}

	private static Order order(ResultSet row, int rowNumber) throws SQLException {
		return new Order(row.getObject("id", UUID.class), row.getLong("user_id"), row.getString("product"),
				row.getInt("quantity"), row.getString("idempotency_key"),
				row.getObject("placed_at", OffsetDateTime.class).toInstant());
	}

	Optional<Order> find(UUID id) {
		return this.jdbc.sql("select " + COLUMNS + " from orders where id = :id")
			.param("id", id)
			.query(OrderRepository::order)
			.optional();
	}

	Optional<Order> findByIdempotencyKey(String key) {
		return this.jdbc.sql("select " + COLUMNS + " from orders where idempotency_key = :key")
			.param("key", key)
			.query(OrderRepository::order)
			.optional();
	}

}
