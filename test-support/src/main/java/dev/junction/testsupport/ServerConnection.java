/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

/**
 * Where a test reaches one real server, and where that server came from.
 *
 * @param kind which server
 * @param host host to connect to
 * @param port port to connect to
 * @param username user name, or {@code null} where the server has none
 * @param password password, or {@code null} where the server has none
 * @param origin how the server was found, for test logs ("local server",
 * "Testcontainers")
 */
public record ServerConnection(ServerKind kind, String host, int port, String username, String password,
		String origin) {

	@Override
	public String toString() {
		return this.kind.displayName() + " at " + this.host + ":" + this.port + " (" + this.origin + ")";
	}

}
