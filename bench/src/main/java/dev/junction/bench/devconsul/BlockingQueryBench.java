/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.devconsul;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.junction.bench.devconsul.Waiter.Kind;
import dev.junction.bench.devconsul.Waiter.Outcome;

/**
 * How the dev agent holds many blocking queries: starts the agent jar with a small heap,
 * parks {@code --waiters} queries on it (half on one KV key, half on one service's
 * health), checks that all are held, then changes the key and the service's check in turn
 * and measures, for every waiter, the time from the change's answer to its own answer.
 * Also reports the agent's heap, RSS and threads. Run it with
 * {@code bench/dev-consul-blocking-queries.sh}; it is not a test.
 */
public final class BlockingQueryBench {

	static final String WATCHED_KEY = "bench/watched";

	static final String SERVICE = "bench-svc";

	static final String CHECK_ID = "service:bench-svc-1";

	private static final Duration WAKE_BOUND = Duration.ofSeconds(10);

	private final BenchOptions options;

	private final BenchResults results;

	private BlockingQueryBench(BenchOptions options) {
		this.options = options;
		this.results = new BenchResults(options);
	}

	public static void main(String[] args) throws Exception {
		BenchOptions options;
		try {
			options = BenchOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		if (options == null) {
			System.out.print(BenchOptions.USAGE);
			return;
		}
		System.exit(new BlockingQueryBench(options).run());
	}

	private int run() throws Exception {
		say("Starting the dev agent: %s with -Xmx%s (log: %s)", this.options.agentJar(), this.options.maxHeap(),
				this.options.agentLog());
		long started = System.nanoTime();
		try (AgentProcess agent = AgentProcess.start(this.options.agentJar(), this.options.maxHeap(),
				this.options.agentJvmArgs(), this.options.agentLog());
				QueryClient waiterClient = QueryClient.create(this.options.client(), "127.0.0.1", agent.port());
				AgentCalls calls = new AgentCalls("127.0.0.1", agent.port())) {
			this.results.agentStartMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			say("Agent pid %d answers on %s after %d ms", agent.pid(), agent.baseUrl(), this.results.agentStartMillis);
			calls.put("/v1/kv/" + WATCHED_KEY, "initial");
			calls.put("/v1/agent/service/register", """
					{"ID":"bench-svc-1","Name":"bench-svc","Address":"127.0.0.1","Port":9,
					 "Check":{"TTL":"30m","Status":"passing"}}""");
			this.results.idle = this.results.sample(agent, "idle");
			List<Waiter> waiters = createWaiters(calls);
			armAll(waiters, waiterClient, agent);
			this.results.held = this.results.sample(agent, "holding " + waiters.size());
			long[] cpuBefore = agent.cpuMillis();
			Map<String, Long> threadsBefore = agent.cpuMillisByThread();
			long roundsStarted = System.nanoTime();
			for (int round = 1; round <= this.options.rounds(); round++) {
				String value = "round-" + round;
				round(round, Kind.KV, waiters, waiterClient, agent, () -> calls.put("/v1/kv/" + WATCHED_KEY, value));
				String status = (round % 2 == 1) ? "warn" : "pass";
				round(round, Kind.HEALTH, waiters, waiterClient, agent,
						() -> calls.put("/v1/agent/check/" + status + "/" + CHECK_ID, ""));
			}
			long[] cpuAfter = agent.cpuMillis();
			agent.cpuMillisByThread()
				.forEach((name, millis) -> this.results.threadCpuMillis.put(name,
						millis - threadsBefore.getOrDefault(name, 0L)));
			this.results.roundsUserMillis = cpuAfter[0] - cpuBefore[0];
			this.results.roundsSystemMillis = cpuAfter[1] - cpuBefore[1];
			this.results.roundsWallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - roundsStarted);
			this.results.after = this.results.sample(agent, "after " + this.options.rounds() + " rounds");
			this.results.agentAlive = agent.isAlive();
			this.results.outOfMemory = agent.logMentions("OutOfMemoryError");
			say("Stopping the agent");
		}
		this.results.write();
		say("Wrote %s", this.options.results());
		System.out.println(this.results.summary());
		return this.results.passed() ? 0 : 1;
	}

	private List<Waiter> createWaiters(AgentCalls calls) throws Exception {
		long kvIndex = calls.index("/v1/kv/" + WATCHED_KEY);
		long healthIndex = calls.index("/v1/health/service/" + SERVICE);
		List<Waiter> waiters = new ArrayList<>();
		for (int i = 0; i < this.options.waiters(); i++) {
			waiters.add((i % 2 == 0) ? new Waiter(i, Kind.KV, "/v1/kv/" + WATCHED_KEY, kvIndex)
					: new Waiter(i, Kind.HEALTH, "/v1/health/service/" + SERVICE, healthIndex));
		}
		return waiters;
	}

	private void armAll(List<Waiter> waiters, QueryClient client, AgentProcess agent) throws Exception {
		say("Opening %d blocking queries (wait=%s, %s client) ...", waiters.size(), this.options.waitTime(),
				this.options.client());
		for (Waiter waiter : waiters) {
			arm(waiter, client, agent);
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		int connections = agent.establishedConnections();
		while (connections < waiters.size() && System.nanoTime() < deadline && agent.isAlive()) {
			say("  %d/%d connections established", connections, waiters.size());
			Thread.sleep(500);
			connections = agent.establishedConnections();
		}
		Thread.sleep(this.options.settleMillis());
		this.results.connectionsHeld = agent.establishedConnections();
		this.results.earlyReturns += countDone(waiters);
		say("  %d connections open on the agent; %d queries returned before any change", this.results.connectionsHeld,
				this.results.earlyReturns);
	}

	private void round(int round, Kind kind, List<Waiter> waiters, QueryClient client, AgentProcess agent,
			ThrowingRunnable change) throws Exception {
		List<Waiter> targets = waiters.stream().filter((waiter) -> waiter.kind() == kind).toList();
		List<Waiter> others = waiters.stream().filter((waiter) -> waiter.kind() != kind).toList();
		long sent = System.nanoTime();
		change.run();
		long answered = System.nanoTime();
		try {
			CompletableFuture.allOf(targets.stream().map(Waiter::pending).toArray(CompletableFuture[]::new))
				.get(WAKE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			// counted below as not woken
		}
		RoundFigures figures = new RoundFigures(round, kind);
		for (Waiter waiter : targets) {
			if (!waiter.isDone()) {
				figures.notWoken++;
				continue;
			}
			Outcome outcome = waiter.take();
			if (outcome.ok()) {
				figures.record(outcome.completedNanos() - answered, outcome.completedNanos() - sent);
			}
			else {
				figures.errors++;
			}
			arm(waiter, client, agent);
		}
		for (Waiter other : others) {
			if (other.isDone()) {
				figures.spurious++;
				other.take();
				arm(other, client, agent);
			}
		}
		Thread.sleep(this.options.settleMillis());
		figures.earlyReturns = countDone(waiters);
		this.results.add(figures);
		say("round %2d/%d %-6s %s", round, this.options.rounds(), kind, figures);
	}

	private void arm(Waiter waiter, QueryClient client, AgentProcess agent) {
		waiter.arm(client, this.options.waitTime());
	}

	private static int countDone(List<Waiter> waiters) {
		return (int) waiters.stream().filter(Waiter::isDone).count();
	}

	static void say(String format, Object... args) {
		System.out.printf("[bench] " + format + "%n", args);
	}

	@FunctionalInterface
	interface ThrowingRunnable {

		void run() throws Exception;

	}

}
