/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for a packaged app, run as a child process by {@link ManagedProcessTests}:
 * serves {@code /readyz} on the port given as the first argument, says so on stdout, and
 * says goodbye when it is shut down gracefully. A negative port makes it fail at start,
 * as a misconfigured app would.
 */
public final class ReadyServerMain {

	private ReadyServerMain() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		if (port < 0) {
			System.out.println("refusing to start: port must not be negative");
			System.exit(3);
		}
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
		server.createContext("/readyz", (exchange) -> {
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("graceful shutdown complete")));
		System.out.println("ready on port " + port);
	}

}
