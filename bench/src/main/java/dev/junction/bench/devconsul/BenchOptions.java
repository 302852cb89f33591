/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.devconsul;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.net.http.HttpClient;

/**
 * Command-line options of {@link BlockingQueryBench}; every figure has a default so the
 * script needs to pass only the agent jar.
 */
record BenchOptions(Path agentJar, int waiters, int rounds, int warmupRounds, String waitTime, String maxHeap,
		long settleMillis, String client, List<String> agentJvmArgs, Path results, Path agentLog) {

	static final String USAGE = """
			Usage: BlockingQueryBench --agent-jar=PATH [options]
			  --agent-jar=PATH     runnable jar of the dev agent (dev-consul/target/junction-dev-consul-*.jar)
			  --waiters=N          concurrent blocking queries, half KV and half health/service (default 1000)
			  --rounds=M           rounds of one KV write and one check change (default 20)
			  --warmup=W           first rounds left out of the summary figures, JIT warm-up (default 5)
			  --client=nio|jdk     nio: a lean one-selector client, so the figures are the agent's (default);
			                       jdk: HttpClient, what an application would use
			  --wait=DURATION      the queries' wait, longer than the whole run (default 5m)
			  --heap=SIZE          the agent's -Xmx (default 256m)
			  --settle-ms=MS       pause after (re-)arming before checking that nothing returned (default 1000)
			  --agent-jvm-arg=ARG  an extra JVM option for the agent, e.g. -XX:StartFlightRecording=filename=a.jfr
			                       (repeatable)
			  --results=PATH       Markdown report (default bench/results/dev-consul-blocking-queries.md)
			  --agent-log=PATH     the agent's output (default bench/target/dev-consul-agent.log)
			""";

	static BenchOptions parse(String[] args) {
		Path agentJar = null;
		int waiters = 1000;
		int rounds = 20;
		int warmupRounds = 5;
		String client = "nio";
		List<String> agentJvmArgs = new ArrayList<>();
		String waitTime = "5m";
		String maxHeap = "256m";
		long settleMillis = 1000;
		Path results = Path.of("bench/results/dev-consul-blocking-queries.md");
		Path agentLog = Path.of("bench/target/dev-consul-agent.log");
		for (String arg : args) {
			String value = arg.substring(arg.indexOf('=') + 1);
			if (arg.equals("--help") || arg.equals("-h")) {
				return null;
			}
			else if (arg.startsWith("--agent-jar=")) {
				agentJar = Path.of(value);
			}
			else if (arg.startsWith("--waiters=")) {
				waiters = positive(arg, value);
			}
			else if (arg.startsWith("--rounds=")) {
				rounds = positive(arg, value);
			}
			else if (arg.startsWith("--warmup=")) {
				warmupRounds = Integer.parseInt(value);
			}
			else if (arg.startsWith("--agent-jvm-arg=")) {
				agentJvmArgs.add(value);
			}
			else if (arg.startsWith("--client=")) {
				client = value;
			}
			else if (arg.startsWith("--wait=")) {
				waitTime = value;
			}
			else if (arg.startsWith("--heap=")) {
				maxHeap = value;
			}
			else if (arg.startsWith("--settle-ms=")) {
				settleMillis = positive(arg, value);
			}
			else if (arg.startsWith("--results=")) {
				results = Path.of(value);
			}
			else if (arg.startsWith("--agent-log=")) {
				agentLog = Path.of(value);
			}
			else {
				throw new IllegalArgumentException("Unknown option " + arg + "\n" + USAGE);
			}
		}
		if (agentJar == null || !Files.isRegularFile(agentJar)) {
			throw new IllegalArgumentException("--agent-jar must name the agent's runnable jar (got " + agentJar
					+ "); build it with ./mvnw -pl bench -am package -DskipTests\n" + USAGE);
		}
		if (warmupRounds < 0 || warmupRounds >= rounds) {
			throw new IllegalArgumentException("--warmup must be at least 0 and less than --rounds");
		}
		if (!client.equals("nio") && !client.equals("jdk")) {
			throw new IllegalArgumentException("--client must be nio or jdk, was " + client);
		}
		return new BenchOptions(agentJar, waiters, rounds, warmupRounds, waitTime, maxHeap, settleMillis, client,
				List.copyOf(agentJvmArgs), results, agentLog);
	}

	private static int positive(String arg, String value) {
		int number = Integer.parseInt(value);
		if (number < 1) {
			throw new IllegalArgumentException(arg + ": must be at least 1");
		}
		return number;
	}

}
