/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.jdbc;

/**
 * A Junction part that needs PostgreSQL found another database at start-up; explained by
 * {@link JunctionDatabaseFailureAnalyzer}.
 */
public class UnsupportedDatabaseException extends IllegalStateException {

	private final String part;

	private final String database;

	/**
	 * Creates an exception.
	 * @param part the part that needs PostgreSQL, such as {@code OutboxWriter}
	 * @param database what the database is
	 */
	public UnsupportedDatabaseException(String part, String database) {
		super(part + " needs PostgreSQL, but the database is " + database);
		this.part = part;
		this.database = database;
	}

	String getPart() {
		return this.part;
	}

	String getDatabase() {
		return this.database;
	}

}
