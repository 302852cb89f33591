/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.junction.testsupport.LoopbackPorts;
import dev.junction.testsupport.TestServers;
import org.junit.jupiter.api.Assumptions;

import static org.awaitility.Awaitility.await;

/**
 * A {@code redis-server} child process of the test on its own free port, never the shared
 * server: the test kills it and starts it again. Skipped (or failed under CI) when
 * {@code redis-server} is not installed.
 */
final class LocalRedis implements AutoCloseable {

	private final int port;

	private Process process;

	private LocalRedis(int port) {
		this.port = port;
	}

	static LocalRedis start() {
		LocalRedis redis = new LocalRedis(LoopbackPorts.free());
		redis.restart();
		return redis;
	}

	int port() {
		return this.port;
	}

	/** Starts the server (again) on its port and waits until it answers. */
	void restart() {
		if (!installed()) {
			String message = "redis-server is not on the PATH: install Redis (apt-get install redis-server) to run "
					+ "the Redis-down tests";
			if (TestServers.requireServers()) {
				throw new IllegalStateException(message);
			}
			Assumptions.abort(message);
		}
		try {
			Path logs = Files.createDirectories(Path.of("target", "process-logs"));
			this.process = new ProcessBuilder("redis-server", "--port", Integer.toString(this.port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no")
				.redirectErrorStream(true)
				.redirectOutput(logs.resolve("redis-" + this.port + ".log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start redis-server", ex);
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> "PONG".equals(command("PING")));
	}

	/** Kills the server at once, as a crash would. */
	void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	long keyCount() {
		return Long.parseLong(command("DBSIZE"));
	}

	/** One command without arguments; its simple or integer reply. */
	private String command(String name) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 1000);
			socket.setSoTimeout(2000);
			socket.getOutputStream().write(("*1\r\n$" + name.length() + "\r\n" + name + "\r\n").getBytes());
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			for (int c = in.read(); c != '\r' && c != -1; c = in.read()) {
				line.write(c);
			}
			return line.toString(StandardCharsets.US_ASCII).substring(1);
		}
		catch (IOException ex) {
			return "";
		}
	}

	@Override
	public void close() {
		if (this.process != null) {
			kill();
		}
	}

	private static boolean installed() {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String dir : path.split(File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, "redis-server"))) {
				return true;
			}
		}
		return false;
	}

}
