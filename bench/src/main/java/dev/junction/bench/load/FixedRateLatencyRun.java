/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * G2's load generator as a process of its own: it offers each target the same fixed rate
 * in interleaved rounds with {@link FixedRateLoad} and prints one line per round and
 * target, so that the generator's JVM holds nothing but the load (the bench's own JVM
 * holds every earlier scenario's objects and would add its pauses to the latencies).
 * <p>
 * Arguments: {@code <rate per second> <seconds per round> <rounds> <name>=<url>...}. Each
 * target is first offered the rate for a warm-up round that is not reported, which also
 * compiles the generator's own code. Output lines:
 * {@code [fixed-rate] round=<n> target=<name> p50=<µs> p99=<µs> p999=<µs> failed=<n> requests=<n>}.
 * Exits with 2 on arguments it cannot use.
 */
public final class FixedRateLatencyRun {

	/** The prefix of every result line. */
	public static final String RESULT_PREFIX = "[fixed-rate]";

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

	private static final int MAX_IN_FLIGHT = 5000;

	private FixedRateLatencyRun() {
	}

	public static void main(String[] args) {
		if (args.length < 4) {
			System.err.println("Usage: FixedRateLatencyRun <rate per second> <seconds per round> <rounds> "
					+ "<name>=<url>... (for example 500 15 5 nginx=http://127.0.0.1:8089/)");
			System.exit(2);
		}
		int rate = Integer.parseInt(args[0]);
		Duration round = Duration.ofSeconds(Long.parseLong(args[1]));
		int rounds = Integer.parseInt(args[2]);
		Map<String, String> targets = new LinkedHashMap<>();
		for (String target : List.of(args).subList(3, args.length)) {
			int equals = target.indexOf('=');
			if (equals <= 0) {
				System.err.println("Expected <name>=<url>, got '" + target + "'");
				System.exit(2);
			}
			targets.put(target.substring(0, equals), target.substring(equals + 1));
		}
		targets.forEach((name, url) -> run(name + " warm-up", url, rate, round));
		for (int number = 1; number <= rounds; number++) {
			for (Map.Entry<String, String> target : targets.entrySet()) {
				List<Sample> samples = run(target.getKey() + " round " + number, target.getValue(), rate, round);
				Histogram histogram = FixedRateLoad.histogram(samples);
				long failed = samples.stream().filter((sample) -> !sample.ok()).count();
				System.out.printf("%s round=%d target=%s p50=%d p99=%d p999=%d failed=%d requests=%d%n", RESULT_PREFIX,
						number, target.getKey(), histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99),
						histogram.getValueAtPercentile(99.9), failed, samples.size());
				System.out.flush();
			}
		}
	}

	private static List<Sample> run(String name, String url, int rate, Duration duration) {
		try (FixedRateLoad load = new FixedRateLoad(name + " at " + rate + "/s",
				(sequence) -> FixedRateLoad.get(url, REQUEST_TIMEOUT), rate, duration, MAX_IN_FLIGHT)) {
			return load.start().awaitEnd();
		}
	}

}
