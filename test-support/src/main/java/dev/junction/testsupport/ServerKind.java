/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

/**
 * The real servers Junction's tests talk to, with their default local ports and what to
 * run when one is missing.
 */
public enum ServerKind {

	/** PostgreSQL, trust or password auth, database {@code test}. */
	POSTGRESQL("PostgreSQL", 5432,
			"pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start (or start Docker for Testcontainers)"),

	/** Redis without auth. */
	REDIS("Redis", 6379,
			"redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save \"\" --appendonly no (or start Docker for Testcontainers)"),

	/** RabbitMQ with the guest user on loopback. */
	RABBITMQ("RabbitMQ", 5672, "rabbitmq-server -detached (or start Docker for Testcontainers)");

	private final String displayName;

	private final int defaultPort;

	private final String startHint;

	ServerKind(String displayName, int defaultPort, String startHint) {
		this.displayName = displayName;
		this.defaultPort = defaultPort;
		this.startHint = startHint;
	}

	public String displayName() {
		return this.displayName;
	}

	public int defaultPort() {
		return this.defaultPort;
	}

	/** What a developer runs to make this server available. */
	public String startHint() {
		return this.startHint;
	}

}
