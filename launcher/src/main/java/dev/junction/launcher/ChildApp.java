/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.io.File;

/**
 * One app as a child JVM running its runnable jar, its output in its own log file. On
 * Linux it runs in a session of its own ({@code setsid}), so the SIGINT a terminal sends
 * the launcher's process group on Ctrl-C does not reach it: the launcher stops the apps
 * itself, in order.
 */
final class ChildApp {

	private static final Duration POLL = Duration.ofMillis(250);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private final AppSpec spec;

	private final Path log;

	private final Process process;

	private final long started;

	private volatile boolean killed;

	private ChildApp(AppSpec spec, Path log, Process process) {
		this.spec = spec;
		this.log = log;
		this.process = process;
		this.started = System.nanoTime();
	}

	/**
	 * Starts the app; it is not ready yet.
	 * @param spec what to run
	 * @param jar the runnable jar
	 * @param logDirectory where its log goes ({@code <name>.log}, replaced each run)
	 * @param jvmOptions further JVM options (class data sharing)
	 * @return the starting app
	 */
	static ChildApp start(AppSpec spec, Path jar, Path logDirectory, List<String> jvmOptions) {
		List<String> command = new ArrayList<>();
		Path setsid = Path.of("/usr/bin/setsid");
		if (Files.isExecutable(setsid)) {
			command.add(setsid.toString());
		}
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		// small heaps and quick start-up: five JVMs share a laptop
		command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar.toString());
		for (Map.Entry<String, String> property : spec.properties().entrySet()) {
			command.add("--" + property.getKey() + "=" + property.getValue());
		}
		Path log = logDirectory.resolve(spec.name() + ".log");
		try {
			Files.deleteIfExists(log);
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
				.start();
			return new ChildApp(spec, log, process);
		}
		catch (IOException ex) {
			throw new LaunchException(
					"Could not start " + spec.name() + " (" + ex.getMessage() + "): " + String.join(" ", command), ex);
		}
	}

	private static File nullDevice() {
		return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
	}

	AppSpec spec() {
		return this.spec;
	}

	Path log() {
		return this.log;
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	Process process() {
		return this.process;
	}

	/**
	 * Waits until the app's readiness probe answers 200.
	 * @param timeout how long at most
	 * @return how long the app took since it was started
	 * @throws LaunchException with the log's tail when it exits or takes too long
	 */
	Duration awaitReady(Duration timeout) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.spec.readinessUrl()))
			.timeout(Duration.ofSeconds(2))
			.build();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new LaunchException(describe("exited with code " + this.process.exitValue() + " while starting"));
			}
			try {
				if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return Duration.ofNanos(System.nanoTime() - this.started);
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new LaunchException(this.spec.name() + ": interrupted while waiting until it is ready", ex);
			}
			sleep(POLL);
		}
		throw new LaunchException(describe("was not ready (" + this.spec.readinessUrl() + " answering 200) within "
				+ timeout.toSeconds() + " s; a busy machine may need --startup-timeout=" + timeout.toSeconds() * 2));
	}

	/** Sends SIGTERM: the app deregisters, drains and shuts down gracefully. */
	void terminate() {
		if (this.process.isAlive()) {
			this.process.destroy();
		}
	}

	/**
	 * Waits for the app to exit after {@link #terminate()}, sending SIGKILL after the
	 * timeout.
	 * @param timeout how long a graceful shutdown may take
	 * @return what happened, for the console
	 */
	String awaitExit(Duration timeout) {
		long start = System.nanoTime();
		try {
			if (this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				return "exited (code " + this.process.exitValue() + ") after "
						+ Durations.seconds(Duration.ofNanos(System.nanoTime() - start));
			}
			this.killed = true;
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			return "did not exit within " + timeout.toSeconds() + " s: killed (SIGKILL)";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.killed = true;
			this.process.destroyForcibly();
			return "killed (SIGKILL) after an interrupt";
		}
	}

	/** Whether {@link #awaitExit(Duration)} had to kill it. */
	boolean killed() {
		return this.killed;
	}

	/** A failure message: what happened, where the log is, and its last lines. */
	String describe(String what) {
		List<String> lines;
		try {
			lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			lines = List.of("(log unreadable: " + ex.getMessage() + ")");
		}
		List<String> tail = lines.subList(Math.max(0, lines.size() - 30), lines.size());
		return this.spec.name() + " " + what + ". Its log: " + this.log + "\n--- last " + tail.size() + " lines ---\n"
				+ String.join("\n", tail);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
