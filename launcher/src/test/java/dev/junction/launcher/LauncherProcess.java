/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.junction.testsupport.LoopbackPorts;
import dev.junction.testsupport.ProjectLayout;

/**
 * The packaged launcher jar running as a real child process, the way
 * {@code ./run-local.sh} hands over to it, on free ports and with names of its own.
 */
final class LauncherProcess implements AutoCloseable {

	static final String READY = "Junction is running.";

	private final Process process;

	private final Path output;

	private final Ports ports;

	private final String prefix;

	private final Path work;

	private final int run;

	private LauncherProcess(Process process, Path output, Ports ports, String prefix, Path work, int run) {
		this.process = process;
		this.output = output;
		this.ports = ports;
		this.prefix = prefix;
		this.work = work;
		this.run = run;
	}

	/**
	 * Starts the launcher with a free port offset and a unique name prefix.
	 * @param extra further options
	 * @return the starting launcher
	 */
	static LauncherProcess start(String... extra) {
		String prefix = "jl_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
		return start(prefix, Path.of("target", "launch-tests", prefix).toAbsolutePath(), 1, extra);
	}

	/**
	 * Starts the launcher again, after this one stopped, as a developer runs
	 * {@code ./run-local.sh} a second time: the same work directory and names, free
	 * ports, a console file of its own.
	 * @param extra further options
	 * @return the starting launcher
	 */
	LauncherProcess startAgain(String... extra) {
		return start(this.prefix, this.work, this.run + 1, extra);
	}

	private static LauncherProcess start(String prefix, Path work, int run, String... extra) {
		Ports ports = freePorts();
		List<String> command = new ArrayList<>();
		// as in a terminal, where Ctrl-C's SIGINT is not ignored: a build run in the
		// background (nohup, a CI runner) passes SIGINT on ignored, and a JVM that starts
		// with it ignored keeps ignoring it, so the Ctrl-C test would test nothing
		command.addAll(List.of("env", "--default-signal=INT"));
		command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				ProjectLayout.runnableJar("launcher").toString(), "--port-offset=" + ports.offset(),
				"--name-prefix=" + prefix, "--work-dir=" + work));
		command.addAll(List.of(extra));
		return run(command, work, ports, prefix, run);
	}

	/** Runs the launcher with exactly these arguments (for bad input). */
	static LauncherProcess startWith(String... args) {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
						ProjectLayout.runnableJar("launcher").toString()));
		command.addAll(List.of(args));
		return run(command, Path.of("target", "launch-tests", "bad-input").toAbsolutePath(), new Ports(0), null, 1);
	}

	private static LauncherProcess run(List<String> command, Path work, Ports ports, String prefix, int run) {
		try {
			Files.createDirectories(work);
			Path output = work.resolve((run == 1) ? "launcher-console.txt" : "launcher-console-" + run + ".txt");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			return new LauncherProcess(process, output, ports, prefix, work, run);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * An offset whose nine ports are all free now and lie below the ephemeral range,
	 * where the apps' own outgoing connections could take one of them before it is bound.
	 */
	private static Ports freePorts() {
		int highestOffset = LoopbackPorts.ephemeralRangeStart() - Ports.HIGHEST_DEFAULT_PORT - 1;
		for (int attempt = 0; attempt < 50; attempt++) {
			Ports ports = new Ports(ThreadLocalRandom.current().nextInt(1000, Math.max(1001, highestOffset)));
			if (List
				.of(ports.consul(), ports.gateway(), ports.gatewayManagement(), ports.userV1(),
						ports.userV1Management(), ports.userV2(), ports.userV2Management(), ports.order(),
						ports.orderManagement())
				.stream()
				.allMatch(ServerProbe::free)) {
				return ports;
			}
		}
		throw new IllegalStateException("No port offset with nine free loopback ports found in 50 attempts");
	}

	/** Waits until the launcher says everything runs, failing with its output if not. */
	void awaitReady(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (output().contains(READY)) {
				return;
			}
			if (!this.process.isAlive()) {
				throw new AssertionError("The launcher exited with code " + this.process.exitValue()
						+ " before it was ready:\n" + output());
			}
			pause();
		}
		throw new AssertionError("The launcher was not ready within " + timeout + ":\n" + output());
	}

	int awaitExit(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError("The launcher did not exit within " + timeout + ":\n" + output());
			}
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted", ex);
		}
	}

	/**
	 * Sends a signal by name ({@code TERM}, {@code INT}) as a terminal or a supervisor
	 * would.
	 */
	void signal(String name) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(this.process.pid())).inheritIO()
				.start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new AssertionError("kill -" + name + " " + this.process.pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	ProcessHandle handle() {
		return this.process.toHandle();
	}

	String output() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(output unreadable: " + ex.getMessage() + ")";
		}
	}

	Ports ports() {
		return this.ports;
	}

	String prefix() {
		return this.prefix;
	}

	/** Kills the launcher and every descendant if a test left them running. */
	@Override
	public void close() {
		if (this.process.isAlive()) {
			List<ProcessHandle> descendants = this.process.descendants().toList();
			this.process.destroy();
			try {
				if (!this.process.waitFor(90, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
		}
	}

	private static void pause() {
		try {
			Thread.sleep(250);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
