/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JVM that runs to completion (PerfTest, the messaging bench app), its output kept in
 * {@code target/process-logs/}; bounded by a timeout after which it is killed.
 */
final class ChildRun {

	private static final Logger logger = LoggerFactory.getLogger(ChildRun.class);

	private ChildRun() {
	}

	/**
	 * Runs {@code java <jvmArgs...>} and returns its output; fails when it does not exit
	 * with 0 in time.
	 */
	static String java(String name, Duration timeout, List<String> arguments) {
		return java(name, timeout, arguments, null);
	}

	/**
	 * Runs {@code java <jvmArgs...>} as {@link #java(String, Duration, List)} does, and
	 * logs each line of its output that starts with the prefix while it runs, so that a
	 * long run shows its progress.
	 */
	static String java(String name, Duration timeout, List<String> arguments, String progressPrefix) {
		return java(Path.of(System.getProperty("java.home")), name, timeout, arguments, progressPrefix);
	}

	/**
	 * Runs {@code java <jvmArgs...>} of another JDK (a Java 25 one for its AOT cache,
	 * say) as {@link #java(String, Duration, List)} does.
	 */
	static String java(Path javaHome, String name, Duration timeout, List<String> arguments) {
		return java(javaHome, name, timeout, arguments, null);
	}

	private static String java(Path javaHome, String name, Duration timeout, List<String> arguments,
			String progressPrefix) {
		List<String> command = new ArrayList<>();
		command.add(javaHome.resolve("bin").resolve("java").toString());
		command.addAll(arguments);
		try {
			Path log = Files.createDirectories(Path.of("target", "process-logs").toAbsolutePath())
				.resolve(name + "-" + System.currentTimeMillis() + ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			if (!waitFor(process, timeout, log, progressPrefix)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				throw new IllegalStateException(name + " did not finish within " + timeout + "; its log: " + log);
			}
			String output = Files.readString(log, StandardCharsets.UTF_8);
			if (process.exitValue() != 0) {
				throw new IllegalStateException(
						name + " exited with " + process.exitValue() + "; its log: " + log + "\n" + tail(output));
			}
			return output;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run " + name + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private static boolean waitFor(Process process, Duration timeout, Path log, String progressPrefix)
			throws IOException, InterruptedException {
		if (progressPrefix == null) {
			return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		int linesLogged = 0;
		boolean exited = false;
		while (!exited && System.nanoTime() < deadline) {
			exited = process.waitFor(1, TimeUnit.SECONDS);
			// only whole lines: the last one may still be written
			List<String> lines = Files.readString(log, StandardCharsets.UTF_8).lines().toList();
			int complete = exited ? lines.size() : Math.max(0, lines.size() - 1);
			for (String line : lines.subList(Math.min(linesLogged, complete), complete)) {
				if (line.startsWith(progressPrefix)) {
					logger.info("{}", line);
				}
			}
			linesLogged = Math.max(linesLogged, complete);
		}
		return exited;
	}

	/** The first number group of the pattern in the output, or a failure quoting it. */
	static double number(String output, Pattern pattern, String what) {
		Matcher matcher = pattern.matcher(output);
		if (!matcher.find()) {
			throw new IllegalStateException("No " + what + " in the output:\n" + tail(output));
		}
		double value = Double.parseDouble(matcher.group(1));
		logger.info("{}: {}", what, value);
		return value;
	}

	private static String tail(String output) {
		List<String> lines = output.lines().toList();
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

}
