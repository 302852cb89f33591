/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.it;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.junction.testsupport.PostgresDatabaseExtension;

/**
 * Reads an app's database directly, to check what its API cannot show (the outbox, the
 * consumer's record of processed messages).
 */
final class Sql {

	private Sql() {
	}

	/** The single number a query answers ({@code 0} for SQL {@code NULL}). */
	static long number(PostgresDatabaseExtension database, String sql) throws SQLException {
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
	}

	/** A two-column query's answer as key → number, such as orders per user. */
	static Map<Long, Long> numbers(PostgresDatabaseExtension database, String sql) throws SQLException {
		Map<Long, Long> numbers = new LinkedHashMap<>();
		try (Connection connection = database.connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			while (result.next()) {
				numbers.put(result.getLong(1), result.getLong(2));
			}
		}
		return numbers;
	}

}
