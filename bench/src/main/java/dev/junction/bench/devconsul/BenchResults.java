/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.devconsul;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;

import dev.junction.bench.devconsul.Waiter.Kind;
import java.util.function.ToIntFunction;

/**
 * The figures of one run and the Markdown report made of them.
 */
final class BenchResults {

	/** The wake latency the dev agent's blocking queries are held to. */
	static final long TARGET_WAKE_MICROS = 50_000;

	private final BenchOptions options;

	private final Map<Kind, Histogram> wake = new EnumMap<>(Kind.class);

	private final Histogram all = newHistogram();

	private final Histogram allFromSent = newHistogram();

	private final String loadBefore = loadAverage();

	private final List<RoundFigures> rounds = new ArrayList<>();

	long agentStartMillis;

	int connectionsHeld;

	long roundsUserMillis = -1;

	long roundsSystemMillis = -1;

	long roundsWallMillis;

	final Map<String, Long> threadCpuMillis = new TreeMap<>();

	int earlyReturns;

	Sample idle;

	Sample held;

	Sample after;

	boolean agentAlive;

	boolean outOfMemory;

	BenchResults(BenchOptions options) {
		this.options = options;
		for (Kind kind : Kind.values()) {
			this.wake.put(kind, newHistogram());
		}
	}

	static Histogram newHistogram() {
		return new Histogram(60_000_000L, 3);
	}

	static String millis(long micros) {
		return String.format("%.1f", micros / 1000.0);
	}

	/** The agent's memory and threads at one moment. */
	record Sample(String label, long heapUsedKib, long liveHeapKib, String rss, String threads) {

		String row() {
			return "| " + this.label + " | " + mib(this.heapUsedKib) + " | " + mib(this.liveHeapKib) + " | " + this.rss
					+ " | " + this.threads + " |";
		}

		private static String mib(long kib) {
			return (kib < 0) ? "n/a (no jcmd)" : String.format("%.1f MiB", kib / 1024.0);
		}

	}

	Sample sample(AgentProcess agent, String label) throws IOException {
		long used = agent.heapUsedKib(false);
		long live = agent.heapUsedKib(true);
		Sample sample = new Sample(label, used, live, agent.procStatus("VmRSS"), agent.procStatus("Threads"));
		BlockingQueryBench.say("agent %s: heap used %s KiB, live after GC %s KiB, RSS %s, threads %s", label, used,
				live, sample.rss(), sample.threads());
		return sample;
	}

	void add(RoundFigures figures) {
		this.rounds.add(figures);
		if (figures.round > this.options.warmupRounds()) {
			this.wake.get(figures.kind).add(figures.wake);
			this.all.add(figures.wake);
			this.allFromSent.add(figures.wakeFromSent);
		}
		this.earlyReturns += figures.earlyReturns;
	}

	private int sum(ToIntFunction<RoundFigures> field) {
		return this.rounds.stream().mapToInt(field).sum();
	}

	/** Whether the agent held every query, woke exactly the right ones, and survived. */
	boolean passed() {
		return this.connectionsHeld >= this.options.waiters() && this.earlyReturns == 0 && sum((r) -> r.notWoken) == 0
				&& sum((r) -> r.errors) == 0 && sum((r) -> r.spurious) == 0
				&& this.rounds.size() == 2 * this.options.rounds() && this.agentAlive && !this.outOfMemory;
	}

	String summary() {
		return String.format(
				"[bench] %s: %d waiters held (%d connections), %d wake-ups, wake latency p50 %s ms, p99 %s ms, "
						+ "max %s ms (target <= 50 ms: %s); agent live heap %s KiB with all held (-Xmx%s), "
						+ "threads %s; agent CPU %d ms user + %d ms system for %d wake-ups",
				passed() ? "PASSED" : "FAILED", this.options.waiters(), this.connectionsHeld, this.all.getTotalCount(),
				millis(this.all.getValueAtPercentile(50)), millis(this.all.getValueAtPercentile(99)),
				millis(this.all.getMaxValue()), (this.all.getMaxValue() <= TARGET_WAKE_MICROS) ? "met" : "MISSED",
				(this.held != null) ? this.held.liveHeapKib() : "?", this.options.maxHeap(),
				(this.held != null) ? this.held.threads() : "?", this.roundsUserMillis, this.roundsSystemMillis,
				sum((r) -> r.woken));
	}

	void write() throws IOException {
		StringBuilder md = new StringBuilder();
		md.append("# dev-consul: blocking queries\n\n");
		md.append("Produced by `bench/dev-consul-blocking-queries.sh` on ")
			.append(OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS))
			.append(". Machine: ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" CPUs, Java ")
			.append(System.getProperty("java.version"))
			.append(" (")
			.append(System.getProperty("os.name"))
			.append(" ")
			.append(System.getProperty("os.arch"))
			.append("). The benchmark client runs on the same machine as the agent; its blocking queries use the ")
			.append(this.options.client().equals("nio") ? "lean one-selector NIO client (`--client=nio`)"
					: "JDK `java.net.http.HttpClient` (`--client=jdk`)")
			.append(". Load average (1/5/15 min) before: ")
			.append(this.loadBefore)
			.append(", after: ")
			.append(loadAverage())
			.append(" (other work on the machine inflates the latencies).\n\n");
		md.append("Agent: `java -Xmx").append(this.options.maxHeap()).append(" -jar ").append(this.options.agentJar());
		md.append("`, first answer after ").append(this.agentStartMillis).append(" ms (including JVM start).\n\n");
		md.append("## Verdict\n\n");
		md.append("- ")
			.append(passed() ? "PASSED" : "FAILED")
			.append(": every query held, only the watched ones woken, ");
		md.append("no errors, agent alive and no `OutOfMemoryError`.\n");
		md.append("- Wake latency target (<= 50 ms for every waiter): ")
			.append((this.all.getMaxValue() <= TARGET_WAKE_MICROS) ? "met" : "MISSED")
			.append(", max ")
			.append(millis(this.all.getMaxValue()))
			.append(" ms.\n\n");
		md.append("## Load\n\n");
		md.append("| figure | value |\n|---|---|\n");
		md.append("| concurrent blocking queries | ").append(this.options.waiters()).append(" (half `GET /v1/kv/");
		md.append(BlockingQueryBench.WATCHED_KEY).append("?index=&wait=").append(this.options.waitTime());
		md.append("`, half `GET /v1/health/service/").append(BlockingQueryBench.SERVICE).append("?index=&wait=");
		md.append(this.options.waitTime()).append("`), one HTTP/1.1 connection each |\n");
		md.append("| connections open on the agent while holding | ").append(this.connectionsHeld).append(" |\n");
		md.append("| rounds | ").append(this.options.rounds()).append(" x (KV write, then TTL check pass/warn) |\n");
		md.append("| queries returned with no change (early) | ").append(this.earlyReturns).append(" |\n");
		md.append("| queries woken by the other kind of change (spurious) | ").append(sum((r) -> r.spurious));
		md.append(" |\n| watched queries not woken within 10 s | ").append(sum((r) -> r.notWoken)).append(" |\n");
		md.append("| errors | ").append(sum((r) -> r.errors)).append(" |\n\n");
		md.append("## Wake latency\n\nFrom the moment the change's own HTTP answer reached the benchmark to each ");
		md.append("waiter's answer (a waiter answered before that counts as 0); the first ");
		md.append(this.options.warmupRounds()).append(" rounds (JIT warm-up) are left out here, not in the table ");
		md.append("of rounds below.\n\n");
		md.append("| queries | wake-ups | p50 ms | p90 ms | p99 ms | max ms |\n|---|---|---|---|---|---|\n");
		for (Kind kind : Kind.values()) {
			md.append(latencyRow(kind.name(), this.wake.get(kind)));
		}
		md.append(latencyRow("all", this.all));
		md.append(latencyRow("all, from when the change was sent (upper bound)", this.allFromSent)).append('\n');
		md.append("Agent CPU time over all rounds (every thread, JIT and GC included): ");
		md.append(this.roundsUserMillis + this.roundsSystemMillis).append(" ms (user ").append(this.roundsUserMillis);
		md.append(" ms, system ")
			.append(this.roundsSystemMillis)
			.append(" ms) in ")
			.append(this.roundsWallMillis)
			.append(" ms of wall time for ");
		md.append(2 * this.options.rounds()).append(" changes and ").append(sum((r) -> r.woken)).append(" wake-ups, ");
		md.append(String.format("about %.0f µs per wake-up, parking the re-armed query included", perWakeMicros()))
			.append(". By thread: ")
			.append(this.threadCpuMillis.entrySet()
				.stream()
				.filter((entry) -> entry.getValue() >= 10)
				.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
				.map((entry) -> "`" + entry.getKey() + "` " + entry.getValue() + " ms")
				.collect(Collectors.joining(", ")))
			.append(".\n\n");
		md.append("## Agent process\n\n");
		md.append("| moment | heap used | live heap (after full GC) | RSS | threads |\n|---|---|---|---|---|\n");
		for (Sample sample : new Sample[] { this.idle, this.held, this.after }) {
			if (sample != null) {
				md.append(sample.row()).append('\n');
			}
		}
		md.append("\n## Rounds\n\n| round | change | woken | p50 ms | max ms | notes |\n|---|---|---|---|---|---|\n");
		for (RoundFigures r : this.rounds) {
			md.append("| ").append(r.round).append((r.round <= this.options.warmupRounds()) ? " (warm-up)" : "");
			md.append(" | ").append(r.kind).append(" | ").append(r.woken).append(" | ");
			md.append(millis(r.wake.getValueAtPercentile(50))).append(" | ").append(millis(r.wake.getMaxValue()));
			md.append(" | ")
				.append((r.beforeChangeAnswer > 0) ? r.beforeChangeAnswer + " before the change's answer" : "");
			md.append(" |\n");
		}
		Files.createDirectories(this.options.results().toAbsolutePath().getParent());
		Files.writeString(this.options.results(), md.toString());
	}

	private double perWakeMicros() {
		int woken = sum((r) -> r.woken);
		return (woken > 0) ? (this.roundsUserMillis + this.roundsSystemMillis) * 1000.0 / woken : 0;
	}

	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + " / " + fields[1] + " / " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return "n/a";
		}
	}

	private static String latencyRow(String label, Histogram histogram) {
		return "| " + label + " | " + histogram.getTotalCount() + " | " + millis(histogram.getValueAtPercentile(50))
				+ " | " + millis(histogram.getValueAtPercentile(90)) + " | "
				+ millis(histogram.getValueAtPercentile(99)) + " | " + millis(histogram.getMaxValue()) + " |\n";
	}

}
