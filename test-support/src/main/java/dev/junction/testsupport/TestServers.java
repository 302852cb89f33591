/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection details of the real servers tests use: the local server when it answers on
 * its default port, else a Testcontainers container when Docker is present, else the test
 * is skipped with a message saying what to start. Under CI ({@code CI=true} or
 * {@code JUNCTION_REQUIRE_SERVERS=true}) a missing server fails the test instead, so a CI
 * run can never turn green by skipping.
 * <p>
 * Each server is looked up once per JVM; containers live until the JVM ends
 * (Testcontainers' reaper removes them).
 */
public final class TestServers {

	private static final Logger logger = LoggerFactory.getLogger(TestServers.class);

	private static final Map<ServerKind, ServerConnection> found = new EnumMap<>(ServerKind.class);

	private TestServers() {
	}

	public static ServerConnection postgresql() {
		return get(ServerKind.POSTGRESQL);
	}

	public static ServerConnection redis() {
		return get(ServerKind.REDIS);
	}

	public static ServerConnection rabbitmq() {
		return get(ServerKind.RABBITMQ);
	}

	/**
	 * The server of the given kind, or a skipped (locally) or failed (CI) test when there
	 * is none.
	 * @param kind the server
	 * @return how to reach it
	 */
	public static synchronized ServerConnection get(ServerKind kind) {
		ServerConnection connection = found.get(kind);
		if (connection == null) {
			connection = locate(kind);
			logger.info("Tests use {}", connection);
			found.put(kind, connection);
		}
		return connection;
	}

	private static ServerConnection locate(ServerKind kind) {
		String host = "127.0.0.1";
		if (LocalServerProbe.answers(kind, host, kind.defaultPort())) {
			return local(kind, host);
		}
		if (Docker.isAvailable()) {
			return ServerContainers.start(kind);
		}
		String message = kind.displayName() + " does not answer on " + host + ":" + kind.defaultPort()
				+ " and Docker is not available for Testcontainers. Start it: " + kind.startHint();
		if (requireServers()) {
			throw new IllegalStateException(message + " (a CI run fails rather than skips when a server is missing)");
		}
		Assumptions.abort(message);
		throw new IllegalStateException("unreachable");
	}

	private static ServerConnection local(ServerKind kind, String host) {
		return switch (kind) {
			case POSTGRESQL -> new ServerConnection(kind, host, kind.defaultPort(), env("PGUSER", "postgres"),
					env("PGPASSWORD", ""), "local server");
			case RABBITMQ -> new ServerConnection(kind, host, kind.defaultPort(), "guest", "guest", "local server");
			case REDIS -> new ServerConnection(kind, host, kind.defaultPort(), null, null, "local server");
		};
	}

	/**
	 * Whether a missing server must fail the build (CI) rather than skip the test (a
	 * laptop).
	 */
	public static boolean requireServers() {
		return "true".equalsIgnoreCase(System.getenv("CI"))
				|| "true".equalsIgnoreCase(System.getenv("JUNCTION_REQUIRE_SERVERS"));
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null) ? value : fallback;
	}

}
