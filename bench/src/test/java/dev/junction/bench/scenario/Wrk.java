/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code wrk} (closed loop: maximum throughput) against a loopback URL and reads its
 * requests per second and its count of answers other than 2xx/3xx.
 */
final class Wrk {

	private static final Logger logger = LoggerFactory.getLogger(Wrk.class);

	private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

	private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ");

	private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");

	private static final Pattern ERRORS = Pattern
		.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

	static final int THREADS = 1;

	static final int CONNECTIONS = 32;

	private Wrk() {
	}

	/** Whether wrk is installed; bench/run.sh installs it. */
	static boolean available() {
		try {
			Process process = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			return process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * One wrk run.
	 * @param url a {@code http://127.0.0.1:...} URL
	 * @param duration how long
	 * @param headers header lines such as {@code X-User-Id: 42}
	 * @return what wrk measured
	 */
	static Result run(String url, Duration duration, String... headers) {
		return run(List.of(), url, duration, headers);
	}

	/**
	 * One wrk run on the given CPUs only ({@code taskset -c}).
	 * @param cpus a CPU list such as {@code 0}
	 * @param url a {@code http://127.0.0.1:...} URL
	 * @param duration how long
	 * @return what wrk measured
	 */
	static Result runOn(String cpus, String url, Duration duration) {
		return run(List.of("taskset", "-c", cpus), url, duration);
	}

	private static Result run(List<String> prefix, String url, Duration duration, String... headers) {
		if (!url.startsWith("http://127.0.0.1:")) {
			throw new IllegalArgumentException("Load goes to 127.0.0.1 only, not " + url);
		}
		List<String> command = new ArrayList<>(prefix);
		command.addAll(List.of("wrk", "-t" + THREADS, "-c" + CONNECTIONS, "-d" + duration.toSeconds() + "s",
				"--timeout", "5s"));
		for (String header : headers) {
			command.add("-H");
			command.add(header);
		}
		command.add(url);
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException("wrk failed: " + String.join(" ", command) + "\n" + output);
			}
			Matcher rate = RATE.matcher(output);
			if (!rate.find()) {
				throw new IllegalStateException("No Requests/sec in wrk's output:\n" + output);
			}
			Matcher non2xx = NON_2XX.matcher(output);
			Matcher errors = ERRORS.matcher(output);
			long socketErrors = 0;
			if (errors.find()) {
				for (int group = 1; group <= 4; group++) {
					socketErrors += Long.parseLong(errors.group(group));
				}
			}
			Matcher requests = REQUESTS.matcher(output);
			Result result = new Result(Double.parseDouble(rate.group(1)),
					requests.find() ? Long.parseLong(requests.group(1)) : 0,
					non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0, socketErrors);
			logger.info("wrk {}: {}", url, result);
			return result;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run wrk (bench/run.sh installs it): " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * What one wrk run measured.
	 *
	 * @param perSecond answers per second, whatever their status
	 * @param requests answers in all
	 * @param non2xx answers other than 2xx/3xx
	 * @param socketErrors connect, read, write errors and timeouts
	 */
	record Result(double perSecond, long requests, long non2xx, long socketErrors) {

		/**
		 * 2xx (and 3xx) answers per second: what a target served, not what it refused.
		 */
		double okPerSecond() {
			if (this.requests <= 0) {
				return this.perSecond;
			}
			return this.perSecond * (this.requests - this.non2xx) / this.requests;
		}

		@Override
		public String toString() {
			return "%.0f requests/s, %d non-2xx, %d socket errors".formatted(this.perSecond, this.non2xx,
					this.socketErrors);
		}

	}

}
