/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.junction.launcher.LaunchOptions.PostgresMode;

/**
 * The PostgreSQL server the services use: the local one (127.0.0.1:5432, user
 * {@code postgres}) when it answers, else an embedded one (zonky's binaries, a data
 * directory under the work directory, a free port, stopped with the launcher). Either way
 * the services' databases are created when absent.
 */
final class Postgres implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Postgres.class);

	static final String USER = "postgres";

	private final String host;

	private final int port;

	private final EmbeddedPostgres embedded;

	private Postgres(String host, int port, EmbeddedPostgres embedded) {
		this.host = host;
		this.port = port;
		this.embedded = embedded;
	}

	/**
	 * Finds or starts the server and creates the databases.
	 * @param mode where the databases may live
	 * @param workDirectory the launcher's work directory (the embedded data goes below)
	 * @param logDirectory where the embedded server's log goes
	 * @param databases the databases the services need
	 * @return the server
	 * @throws LaunchException saying what to do when there is none
	 */
	static Postgres start(PostgresMode mode, Path workDirectory, Path logDirectory, List<String> databases) {
		Postgres postgres;
		if (mode != PostgresMode.EMBEDDED && ServerProbe.postgres(ServerProbe.POSTGRES_PORT)) {
			postgres = new Postgres(ServerProbe.HOST, ServerProbe.POSTGRES_PORT, null);
		}
		else if (mode == PostgresMode.LOCAL) {
			throw new LaunchException("PostgreSQL does not answer on 127.0.0.1:" + ServerProbe.POSTGRES_PORT
					+ " and --no-embedded-postgres forbids the embedded one. Start PostgreSQL (trust or PGPASSWORD"
					+ " auth for user postgres), or drop --no-embedded-postgres.");
		}
		else {
			postgres = startEmbedded(workDirectory, logDirectory);
		}
		try {
			postgres.createDatabases(databases);
		}
		catch (RuntimeException ex) {
			postgres.close();
			throw ex;
		}
		return postgres;
	}

	private static Postgres startEmbedded(Path workDirectory, Path logDirectory) {
		try {
			Path data = Files.createDirectories(workDirectory.resolve("postgres-data"));
			Path log = logDirectory.resolve("postgres.log");
			// a fresh data directory each run: the embedded server is a throwaway default
			EmbeddedPostgres embedded = EmbeddedPostgres.builder()
				.setDataDirectory(data)
				.setCleanDataDirectory(true)
				.setRegisterShutdownHook(false)
				.setPGStartupWait(Duration.ofSeconds(60))
				.setOutputRedirector(Redirect.appendTo(log.toFile()))
				.setErrorRedirector(Redirect.appendTo(log.toFile()))
				.start();
			return new Postgres(ServerProbe.HOST, embedded.getPort(), embedded);
		}
		catch (IOException | RuntimeException ex) {
			throw new LaunchException("The embedded PostgreSQL did not start (" + ex.getMessage() + "). Its log is "
					+ logDirectory.resolve("postgres.log") + "; start a local PostgreSQL on 127.0.0.1:5432 instead.",
					ex);
		}
	}

	boolean embedded() {
		return this.embedded != null;
	}

	String host() {
		return this.host;
	}

	int port() {
		return this.port;
	}

	String jdbcUrl(String database) {
		return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + database;
	}

	/** The password for {@link #USER}: none for the embedded server, else PGPASSWORD. */
	String password() {
		String password = System.getenv("PGPASSWORD");
		return (this.embedded == null && password != null) ? password : "";
	}

	private void createDatabases(List<String> databases) {
		try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, password());
				PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
			for (String database : databases) {
				exists.setString(1, database);
				try (ResultSet result = exists.executeQuery()) {
					if (result.next()) {
						continue;
					}
				}
				try (Statement create = connection.createStatement()) {
					// the name matched [a-z][a-z0-9_]* when the options were parsed
					create.execute("CREATE DATABASE " + database);
					logger.debug("Created database {}", database);
				}
			}
		}
		catch (SQLException ex) {
			throw new LaunchException("Could not create the databases " + databases + " on PostgreSQL at " + this.host
					+ ":" + this.port + " as user " + USER + " (" + ex.getMessage()
					+ "). Allow that user to connect (trust auth, or set PGPASSWORD), or use --embedded-postgres.", ex);
		}
	}

	/** Stops the embedded server; the local one is left as it was. */
	@Override
	public void close() {
		if (this.embedded != null) {
			try {
				this.embedded.close();
			}
			catch (IOException ex) {
				logger.warn("The embedded PostgreSQL did not stop cleanly: {}", ex.getMessage());
			}
		}
	}

	@Override
	public String toString() {
		return (this.embedded != null ? "embedded PostgreSQL " : "local PostgreSQL ") + this.host + ":" + this.port;
	}

}
