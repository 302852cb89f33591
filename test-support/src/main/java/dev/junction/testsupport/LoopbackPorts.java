/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for servers that a test starts later, such as an app in a child
 * process. The ports come from below the kernel's ephemeral range: a port the kernel
 * hands out for {@code new ServerSocket(0)} lies in that range, where any outgoing
 * connection (to PostgreSQL, RabbitMQ, Consul) may take it before the server binds it,
 * and the app then fails with "Port … was already in use" (seen in a launcher test).
 */
public final class LoopbackPorts {

	private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

	/** Linux's default start of the ephemeral range, where the kernel does not say. */
	private static final int DEFAULT_EPHEMERAL_START = 32768;

	/** Well above the ports of this project's defaults (8080-9083) and common servers. */
	private static final int LOWEST = 10_000;

	private static final int ATTEMPTS = 100;

	private LoopbackPorts() {
	}

	/**
	 * The first port of the kernel's ephemeral range (outgoing connections take their
	 * local ports from there).
	 * @return the first ephemeral port
	 */
	public static int ephemeralRangeStart() {
		// read line by line: Files.readString returned one character of this procfs
		// file on JDK 17
		try (BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE, StandardCharsets.US_ASCII)) {
			String range = reader.readLine();
			return Integer.parseInt(range.trim().split("\\s+")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return DEFAULT_EPHEMERAL_START;
		}
	}

	/**
	 * A port that is free on 127.0.0.1 now and lies below the ephemeral range.
	 * @return the port
	 */
	public static int free() {
		int end = ephemeralRangeStart();
		if (end - LOWEST < 1000) {
			return freeAnywhere();
		}
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(LOWEST, end);
			if (isFree(port)) {
				return port;
			}
		}
		return freeAnywhere();
	}

	/**
	 * Whether a server could bind the port on 127.0.0.1 now.
	 * @param port the port
	 * @return {@code true} if it is free
	 */
	public static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freeAnywhere() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No free port on the loopback interface: " + ex.getMessage(), ex);
		}
	}

}
