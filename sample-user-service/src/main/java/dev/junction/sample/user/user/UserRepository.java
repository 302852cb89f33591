/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user.user;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Users in PostgreSQL. Every statement is a single round trip ({@code returning}), so a
 * write needs no surrounding transaction unless the caller wants one.
 */
@Repository
class UserRepository {

	private static final String COLUMNS = "id, name, email, order_count";

	private final JdbcClient jdbc;

	UserRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<User> find(long id) {
		return this.jdbc.sql("select " + COLUMNS + " from users where id = :id")
			.param("id", id)
			.query(User.class)
			.optional();
	}

	User insert(String name, String email) {
		return this.jdbc.sql("insert into users (name, email) values (:name, :email) returning " + COLUMNS)
			.param("name", name)
			.param("email", email)
			.query(User.class)
			.single();
	}

	Optional<User> update(long id, String name, String email) {
		return this.jdbc
			.sql("update users set name = :name, email = :email, updated_at = now() where id = :id returning "
					+ COLUMNS)
			.param("id", id)
			.param("name", name)
			.param("email", email)
			.query(User.class)
			.optional();
	}

	boolean incrementOrderCount(long id) {
		return this.jdbc.sql("update users set order_count = order_count + 1, updated_at = now() where id = :id")
			.param("id", id)
			.update() == 1;
	}

}
