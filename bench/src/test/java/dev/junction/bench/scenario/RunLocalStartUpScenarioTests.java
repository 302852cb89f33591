/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import dev.junction.bench.report.Figure;
import dev.junction.testsupport.LoopbackPorts;
import dev.junction.testsupport.ProjectLayout;
import dev.junction.testsupport.ServerConnection;
import dev.junction.testsupport.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * S2: {@code ./run-local.sh} from its start to its "Junction is running" line, with the
 * apps already built, as a developer runs it again and again: with
 * {@code --no-class-sharing} (how every run started before class data sharing), the first
 * run after a build (it extracts the jars and its stop records the archives), and the run
 * after that one (every app from its archive). Each run is stopped with SIGTERM and its
 * stop timed too. {@value #ROUNDS} rounds; the local PostgreSQL, Redis and RabbitMQ the
 * script uses. Full suite only ({@code bench/run.sh}).
 */
@Tag("S2")
class RunLocalStartUpScenarioTests {

	private static final Logger logger = LoggerFactory.getLogger(RunLocalStartUpScenarioTests.class);

	private static final int ROUNDS = 5;

	private static final String PREFIX = "bench_s2";

	private static final String RUNNING = "Junction is running.";

	private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

	private static final Duration STOP_TIMEOUT = Duration.ofMinutes(4);

	private static final String PLAIN = "--no-class-sharing";

	private static final String FIRST = "first run after a build";

	private static final String NEXT = "next run";

	@AfterAll
	static void dropNames() throws Exception {
		ServerConnection postgres = TestServers.postgresql();
		try (Connection connection = DriverManager.getConnection(
				"jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/postgres", postgres.username(),
				postgres.password()); Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + PREFIX + "_users");
			statement.execute("DROP DATABASE IF EXISTS " + PREFIX + "_orders");
		}
		ServerConnection rabbit = TestServers.rabbitmq();
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(rabbit.host());
		factory.setPort(rabbit.port());
		factory.setUsername(rabbit.username());
		factory.setPassword(rabbit.password());
		try (com.rabbitmq.client.Connection connection = factory.newConnection("junction-bench-s2-cleanup");
				Channel channel = connection.createChannel()) {
			channel.queueDelete(PREFIX + ".order-placed.sample-user-service");
			channel.queueDelete(PREFIX + ".order-placed.sample-user-service.dlq");
			channel.exchangeDelete(PREFIX + ".orders");
			channel.exchangeDelete(PREFIX + ".dlx");
		}
	}

	@Test
	void runLocalToRunningWithoutAndWithClassDataSharing() throws Exception {
		Path work = Path.of("target", "s2").toAbsolutePath();
		FileSystemUtils.deleteRecursively(work);
		// untimed: builds the apps if a source is newer than their
		// jars, and warms the file cache
		launch(work.resolve("warm-up"), PLAIN);
		Rounds starts = new Rounds();
		Rounds stops = new Rounds();
		for (int round = 1; round <= ROUNDS; round++) {
			Path plain = work.resolve("plain-" + round);
			Path sharing = work.resolve("sharing-" + round);
			for (String[] run : List.of(new String[] { PLAIN, plain.toString(), PLAIN },
					new String[] { FIRST, sharing.toString(), null },
					new String[] { NEXT, sharing.toString(), null })) {
				Launch launch = launch(Path.of(run[1]), run[2]);
				starts.add(run[0], launch.start());
				stops.add(run[0], launch.stop());
				logger.info("S2 round {} of {}: {} running after {} s, stopped in {} s", round, ROUNDS, run[0],
						"%.1f".formatted(launch.start()), "%.1f".formatted(launch.stop()));
			}
		}
		double ratio = starts.median(NEXT) / starts.median(PLAIN);
		new Figure("S2", "./run-local.sh to its \"Junction is running\" line, apps already built",
				"next runs %.1f s (first run after a build %.1f s)".formatted(starts.median(NEXT),
						starts.median(FIRST)),
				"%s %.1f s".formatted(PLAIN, starts.median(PLAIN)), "%.2f×".formatted(ratio),
				"≤ 0.60× of the run without", Figure.met(ratio <= 0.60),
				("median of %d rounds of three runs: %s (the way every run started before), the first run after a "
						+ "build (extracts the jars, its stop records the class data sharing archives) and the run "
						+ "after it (every app from its archive); rounds %s / %s / %s s; stopping (SIGTERM) took "
						+ "%.1f / %.1f / %.1f s")
					.formatted(ROUNDS, PLAIN, seconds(starts, PLAIN), seconds(starts, FIRST), seconds(starts, NEXT),
							stops.median(PLAIN), stops.median(FIRST), stops.median(NEXT)))
			.save();
	}

	private static String seconds(Rounds rounds, String name) {
		return rounds.of(name).stream().map((value) -> "%.1f".formatted(value)).toList().toString();
	}

	/** Starts {@code ./run-local.sh}, waits for its line, stops it with SIGTERM. */
	private static Launch launch(Path work, String option) throws Exception {
		Files.createDirectories(work);
		Path console = work.resolve("console.txt");
		List<String> command = new ArrayList<>(List.of("bash", ProjectLayout.root().resolve("run-local.sh").toString(),
				"--port-offset=" + portOffset(), "--name-prefix=" + PREFIX, "--work-dir=" + work));
		if (option != null) {
			command.add(option);
		}
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(console.toFile())
			.directory(ProjectLayout.root().toFile());
		builder.environment()
			.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
		long start = System.nanoTime();
		Process process = builder.start();
		try {
			long deadline = start + START_TIMEOUT.toNanos();
			while (!read(console).contains(RUNNING)) {
				if (!process.isAlive() || System.nanoTime() > deadline) {
					throw new AssertionError("./run-local.sh " + String.join(" ", command.subList(2, command.size()))
							+ " was not running within " + START_TIMEOUT + ":\n" + read(console));
				}
				Thread.sleep(100);
			}
			double started = (System.nanoTime() - start) / 1e9;
			long stopping = System.nanoTime();
			process.destroy();
			if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError("./run-local.sh did not stop within " + STOP_TIMEOUT + ":\n" + read(console));
			}
			return new Launch(started, (System.nanoTime() - stopping) / 1e9);
		}
		finally {
			List<ProcessHandle> descendants = process.descendants().toList();
			process.destroyForcibly();
			descendants.forEach(ProcessHandle::destroyForcibly);
		}
	}

	/**
	 * An offset under which the script's nine ports are free, below the ephemeral range.
	 */
	private static int portOffset() {
		int[] ports = { 8500, 8080, 9080, 8081, 9081, 8082, 9082, 8083, 9083 };
		for (int offset = 2000; offset + 9083 < LoopbackPorts.ephemeralRangeStart(); offset += 100) {
			int candidate = offset;
			if (Arrays.stream(ports).allMatch((port) -> LoopbackPorts.isFree(port + candidate))) {
				return candidate;
			}
		}
		throw new IllegalStateException("No port offset with run-local's nine ports free below "
				+ LoopbackPorts.ephemeralRangeStart() + ": stop what holds ports 10080-19083");
	}

	private static String read(Path file) {
		try {
			return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			return "";
		}
	}

	private record Launch(double start, double stop) {
	}

}
