/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class its own PostgreSQL database on the shared server, created before its
 * first test and dropped after its last:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static PostgresDatabaseExtension database = new PostgresDatabaseExtension();
 * </pre>
 */
public final class PostgresDatabaseExtension implements BeforeAllCallback, AfterAllCallback {

	private ServerConnection server;

	private String databaseName;

	@Override
	public void beforeAll(ExtensionContext context) throws SQLException {
		this.server = TestServers.postgresql();
		this.databaseName = IsolatedNames.forClass(context.getRequiredTestClass()).prefix();
		execute("CREATE DATABASE " + this.databaseName);
	}

	@Override
	public void afterAll(ExtensionContext context) throws SQLException {
		if (this.databaseName != null) {
			execute("DROP DATABASE IF EXISTS " + this.databaseName + " WITH (FORCE)");
		}
	}

	/** JDBC URL of this class's database. */
	public String jdbcUrl() {
		return jdbcUrl(this.databaseName);
	}

	public String username() {
		return this.server.username();
	}

	public String password() {
		return this.server.password();
	}

	public String databaseName() {
		return this.databaseName;
	}

	/** Opens a new connection to this class's database; the caller closes it. */
	public Connection connect() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), username(), password());
	}

	/**
	 * The single number a query answers ({@code 0} for SQL {@code NULL}), to check what
	 * an app's API cannot show (its outbox, its record of processed messages).
	 * @param sql the query
	 * @return the number
	 */
	public long queryForLong(String sql) throws SQLException {
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
	}

	/**
	 * A two-column query's answer as key → number, such as orders per user.
	 * @param sql the query
	 * @return the numbers, in the query's order
	 */
	public Map<Long, Long> queryForLongs(String sql) throws SQLException {
		Map<Long, Long> numbers = new LinkedHashMap<>();
		try (Connection connection = connect();
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			while (result.next()) {
				numbers.put(result.getLong(1), result.getLong(2));
			}
		}
		return numbers;
	}

	/** {@code spring.datasource.*} pointing at this class's database. */
	public Map<String, String> springProperties() {
		return Map.of("spring.datasource.url", jdbcUrl(), "spring.datasource.username", username(),
				"spring.datasource.password", password());
	}

	private String jdbcUrl(String database) {
		return "jdbc:postgresql://" + this.server.host() + ":" + this.server.port() + "/" + database;
	}

	private void execute(String sql) throws SQLException {
		// the server's own maintenance database: always there, whatever else exists
		try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), username(), password());
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
