/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.LinkedHashMap;

/**
 * A module's runnable jar started as a child JVM, the way it runs in production: it can
 * be waited for, sent SIGTERM (graceful) or SIGKILL (crash), and its log is kept in
 * {@code target/process-logs/} and quoted in every failure message.
 *
 * <pre class="code">
 * try (ManagedProcess app = ManagedProcess.builder("user-v1", ProjectLayout.runnableJar("sample-user-service"))
 * 		.arg("--server.port=" + port).start()) {
 * 	app.awaitHttpOk("http://127.0.0.1:" + port + "/readyz", Duration.ofSeconds(60));
 * 	app.kill();
 * }
 * </pre>
 */
public final class ManagedProcess implements AutoCloseable {

	private static final int LOG_TAIL_LINES = 60;

	private final String name;

	private final Process process;

	private final Path log;

	private ManagedProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts describing a child JVM running the given jar.
	 * @param name short name for logs and messages, such as {@code user-v1}
	 * @param jar the runnable jar
	 * @return a builder
	 */
	public static Builder builder(String name, Path jar) {
		return new Builder(name, jar);
	}

	public String name() {
		return this.name;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** Where the process's output goes. */
	public Path logFile() {
		return this.log;
	}

	/** Everything the process has written so far. */
	public String log() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex.getMessage() + ")";
		}
	}

	/**
	 * Waits until a GET of the URL answers 200, failing with the process's log when it
	 * does not within the timeout or the process dies first.
	 * @param url the readiness URL
	 * @param timeout how long to wait at most
	 */
	public void awaitHttpOk(String url, Duration timeout) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
		awaitCondition("GET " + url + " answers 200", timeout, () -> {
			try {
				return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		});
	}

	/**
	 * Waits until the log contains the given text.
	 * @param text text to wait for
	 * @param timeout how long to wait at most
	 */
	public void awaitLog(String text, Duration timeout) {
		awaitCondition("log contains \"" + text + "\"", timeout, () -> log().contains(text));
	}

	private void awaitCondition(String what, Duration timeout, BooleanSupplier condition) {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (condition.getAsBoolean()) {
				return;
			}
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						describe("exited with code " + this.process.exitValue() + " while waiting until " + what));
			}
			pause();
		}
		throw new IllegalStateException(describe("did not reach \"" + what + "\" within " + timeout));
	}

	/** Sends SIGTERM: the process shuts down gracefully. */
	public void terminate() {
		this.process.destroy();
	}

	/** Sends SIGKILL: the process dies at once, as in a crash. */
	public void kill() {
		this.process.destroyForcibly();
	}

	/**
	 * Waits for the process to exit.
	 * @param timeout how long to wait at most
	 * @return its exit code
	 */
	public int awaitExit(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(describe("did not exit within " + timeout));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(describe("interrupted while waiting for exit"), ex);
		}
		return this.process.exitValue();
	}

	/** A failure message: what happened, then the tail of the log. */
	public String describe(String what) {
		List<String> lines = log().lines().toList();
		List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
		return "Process " + this.name + " (pid " + this.process.pid() + ") " + what + ". Full log: " + this.log
				+ "\n--- last " + tail.size() + " log lines ---\n" + String.join("\n", tail);
	}

	/** Kills the process if it still runs (SIGTERM, then SIGKILL after 10 s). */
	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
			}
		}
	}

	private static void pause() {
		try {
			Thread.sleep(100); // polling interval, not a wait for an outcome
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Describes the child JVM before it starts.
	 */
	public static final class Builder {

		private final String name;

		private final Path jar;

		private final List<String> jvmArgs = new ArrayList<>(
				List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));

		private final List<String> args = new ArrayList<>();

		private final Map<String, String> environment = new LinkedHashMap<>();

		private Path javaHome = Path.of(System.getProperty("java.home"));

		private Builder(String name, Path jar) {
			this.name = name;
			this.jar = jar;
		}

		/**
		 * The JDK or JRE to run the jar with, such as a Java 25 JDK for its AOT cache;
		 * the one running this JVM unless told otherwise.
		 */
		public Builder javaHome(Path javaHome) {
			this.javaHome = javaHome;
			return this;
		}

		/** Adds a JVM option, such as {@code -Xmx512m}. */
		public Builder jvmArg(String jvmArg) {
			this.jvmArgs.add(jvmArg);
			return this;
		}

		/** Adds a program argument, such as {@code --server.port=8081}. */
		public Builder arg(String arg) {
			this.args.add(arg);
			return this;
		}

		/** Adds program arguments {@code --key=value} for each entry. */
		public Builder properties(Map<String, String> properties) {
			properties.forEach((key, value) -> this.args.add("--" + key + "=" + value));
			return this;
		}

		public Builder env(String key, String value) {
			this.environment.put(key, value);
			return this;
		}

		/**
		 * Starts the process; its output goes to
		 * {@code target/process-logs/<name>-<time>.log}.
		 */
		public ManagedProcess start() {
			Path java = this.javaHome.resolve("bin").resolve("java");
			List<String> command = new ArrayList<>();
			command.add(java.toString());
			if (this.jvmArgs.stream().anyMatch((option) -> option.startsWith("-XX:AOTCache="))) {
				// the JVM refuses an AOT cache beside any -Xshare option
				command.addAll(this.jvmArgs.stream().filter((option) -> !option.startsWith("-Xshare:")).toList());
			}
			else {
				command.addAll(this.jvmArgs);
			}
			command.add("-jar");
			command.add(this.jar.toString());
			command.addAll(this.args);
			try {
				Path logs = Files.createDirectories(Path.of("target", "process-logs").toAbsolutePath());
				Path log = logs.resolve(this.name + "-" + System.currentTimeMillis() + ".log");
				ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
					.redirectOutput(log.toFile());
				builder.environment().putAll(this.environment);
				return new ManagedProcess(this.name, builder.start(), log);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not start " + this.name + ": " + String.join(" ", command), ex);
			}
		}

	}

}
