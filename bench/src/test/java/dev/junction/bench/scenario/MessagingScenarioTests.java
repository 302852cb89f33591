/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.junction.bench.messaging.MessagingBenchApplication;
import dev.junction.bench.report.Figure;
import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.starter.messaging.JunctionQueues;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.ServerConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.LinkedHashMap;

/**
 * M1 and M2: publishing {@code OrderPlaced} with confirms through the starter
 * ({@code JunctionPublisher}, a window of {@value #WINDOW} unconfirmed messages), and
 * consuming with the starter's listener settings (the direct container, prefetch
 * {@value #PREFETCH}, acknowledgements after the listener in batches of
 * {@value #MESSAGES_PER_ACK}, retries), against RabbitMQ's PerfTest with the same message
 * size, confirm window and prefetch, on the same quorum queue type. Both are separate
 * JVMs; rounds interleave them. Full suite only ({@code bench/run.sh}).
 */
@Tag("M1")
@Tag("M2")
class MessagingScenarioTests {

	private static final Logger logger = LoggerFactory.getLogger(MessagingScenarioTests.class);

	private static final int MESSAGES = 20_000;

	private static final int WINDOW = 100;

	/**
	 * Messages the starter handles before the measured ones, so that its rates are those
	 * of code the JIT has compiled: published to a queue of their own, or received first.
	 */
	private static final int WARM_UP = 10_000;

	/**
	 * PerfTest has no warm-up of its own and its average includes its start: it publishes
	 * twice as many messages, so that start weighs little.
	 */
	private static final int PERF_TEST_PUBLISHED = 2 * MESSAGES;

	private static final int PREFETCH = 20;

	private static final int ROUNDS = 5;

	/** The starter's default {@code junction.messaging.listener.messages-per-ack}. */
	private static final int MESSAGES_PER_ACK = 10;

	private static final String PERF_TEST_BATCHED = "PerfTest consume, batched acks";

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	private static final Pattern RESULT_PUBLISH = Pattern.compile("\\[bench-result\\] publish .* rate=([0-9.]+)");

	private static final Pattern RESULT_CONSUME = Pattern.compile("\\[bench-result\\] consume .* rate=([0-9.]+)");

	private static final Pattern PERF_SENDING = Pattern.compile("sending rate avg: ([0-9.]+) msg/s");

	private static final Pattern PERF_RECEIVING = Pattern.compile("receiving rate avg: ([0-9.]+) msg/s");

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	static Path launcher;

	static int messageSize;

	@BeforeAll
	static void prepare() {
		launcher = LauncherJar.of("dev.junction.bench.messaging.MessagingBenchApplication", "lib", "lib-messaging");
		// the JSON the starter's converter writes for one event, about this long
		messageSize = ("{\"orderId\":\"" + UUID.randomUUID()
				+ "\",\"userId\":123,\"product\":\"coffee\",\"quantity\":1," + "\"placedAt\":\"" + Instant.now()
				+ "\"}")
			.length();
	}

	@Test
	void m1PublishingAndM2ConsumingThroughTheStarterAgainstPerfTest() {
		String exchange = rabbit.exchange("orders");
		String queue = rabbit.queue("order-placed");
		rabbit.queue("order-placed.dlq");
		rabbit.queue("order-placed" + MessagingBenchApplication.WARM_UP_QUEUE_SUFFIX);
		rabbit.queue("order-placed" + MessagingBenchApplication.WARM_UP_QUEUE_SUFFIX
				+ JunctionQueues.DEAD_LETTER_QUEUE_SUFFIX);
		String perfQueue = rabbit.queue("perf-test");
		String perfExchange = rabbit.exchange("perf-test");
		Rounds rounds = new Rounds();
		for (int round = 1; round <= ROUNDS; round++) {
			logger.info("Messaging round {} of {}: {} messages of {} bytes", round, ROUNDS, MESSAGES, messageSize);
			rounds.add("starter publish", starter("publish", exchange, queue, RESULT_PUBLISH, MESSAGES));
			rounds.add("PerfTest consume", perfTest("perf-consume", List.of("-x", "0", "-y", "1", "-u", queue, "-p",
					"-sb", "-q", Integer.toString(PREFETCH), "-D", Integer.toString(MESSAGES)), PERF_RECEIVING));
			// PerfTest acknowledging in batches as the starter does: only a comparison
			starter("publish", exchange, queue, RESULT_PUBLISH, MESSAGES);
			rounds.add(PERF_TEST_BATCHED,
					perfTest("perf-consume-batched",
							List.of("-x", "0", "-y", "1", "-u", queue, "-p", "-sb", "-q", Integer.toString(PREFETCH),
									"-A", Integer.toString(MESSAGES_PER_ACK), "-D", Integer.toString(MESSAGES)),
							PERF_RECEIVING));
			// the next consumer's messages: its warm-up, then those it is measured on
			starter("publish", exchange, queue, RESULT_PUBLISH, WARM_UP + MESSAGES);
			rounds.add("starter consume", starter("consume", exchange, queue, RESULT_CONSUME, MESSAGES));
			rounds.add("PerfTest publish", perfTest("perf-publish",
					List.of("-x", "1", "-y", "0", "-u", perfQueue, "-qq", "-e", perfExchange, "-t", "direct", "-k",
							perfQueue, "-f", "persistent", "-s", Integer.toString(messageSize), "-c",
							Integer.toString(WINDOW), "-C", Integer.toString(PERF_TEST_PUBLISHED)),
					PERF_SENDING));
			logger.info("After round {}: {}", round, rounds);
		}
		double publish = rounds.ratio("starter publish", "PerfTest publish");
		new Figure("M1",
				"publishing OrderPlaced with confirms through the starter (window %d, %d messages, quorum queue)"
					.formatted(WINDOW, MESSAGES),
				"%.0f msg/s".formatted(rounds.median("starter publish")),
				"PerfTest %.0f msg/s (same size %d B, -c %d, persistent, %d messages)"
					.formatted(rounds.median("PerfTest publish"), messageSize, WINDOW, PERF_TEST_PUBLISHED),
				"%.2f×".formatted(publish), "≥ 0.6× PerfTest", Figure.met(publish >= 0.6),
				"rounds' ratios " + rounds.ratios("starter publish", "PerfTest publish")
						+ "; the starter's rate is measured after %d warm-up messages (to a queue of their own), PerfTest's average over %d messages includes its own start"
							.formatted(WARM_UP, PERF_TEST_PUBLISHED))
			.save();
		double consume = rounds.ratio("starter consume", "PerfTest consume");
		new Figure("M2",
				"consuming with the starter's listener settings (direct container, prefetch %d, acknowledged after the listener in batches of %d)"
					.formatted(PREFETCH, MESSAGES_PER_ACK),
				"%.0f msg/s".formatted(rounds.median("starter consume")),
				"PerfTest consumer %.0f msg/s (-q %d)".formatted(rounds.median("PerfTest consume"), PREFETCH),
				"%.2f×".formatted(consume), "≥ 0.8× PerfTest", Figure.met(consume >= 0.8),
				("%d messages from a prefilled quorum queue, the starter's after %d it received to warm up, PerfTest's "
						+ "including its start; rounds' ratios %s; the reference is PerfTest acknowledging every message "
						+ "(its default); PerfTest acknowledging in batches of %d (-A) as the starter does: %.0f msg/s (%.2f×)")
					.formatted(MESSAGES, WARM_UP, rounds.ratios("starter consume", "PerfTest consume"),
							MESSAGES_PER_ACK, rounds.median(PERF_TEST_BATCHED),
							rounds.ratio("starter consume", PERF_TEST_BATCHED)))
			.save();
	}

	private static double starter(String mode, String exchange, String queue, Pattern result, int messages) {
		ServerConnection broker = rabbit.server();
		List<String> arguments = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC", "-jar", launcher.toString()));
		Map<String, String> properties = new LinkedHashMap<>(consul.springProperties());
		properties.putAll(rabbit.springProperties());
		properties.put("spring.application.name", "bench-messaging");
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.cloud.gateway.server.webflux.enabled", "false");
		// PerfTest's metric registries share target/lib: no export from this app
		properties.put("management.datadog.metrics.export.enabled", "false");
		properties.put("management.jmx.metrics.export.enabled", "false");
		properties.put("junction.messaging.dead-letter-exchange", rabbit.exchange("dlx"));
		properties.put("bench.mode", mode);
		properties.put("bench.consume", Boolean.toString("consume".equals(mode)));
		properties.put("bench.exchange", exchange);
		properties.put("bench.queue", queue);
		properties.put("bench.messages", Integer.toString(messages));
		properties.put("bench.window", Integer.toString(WINDOW));
		// publishing warms up on a queue of its own;
		// consuming on the first messages it receives
		properties.put("bench.warm-up", Integer.toString(WARM_UP));
		properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		logger.info("Starter {} of {} messages after {} to warm up (broker {})", mode, messages, WARM_UP, broker);
		return ChildRun.number(ChildRun.java("starter-" + mode, TIMEOUT, arguments), result, "starter " + mode);
	}

	private static double perfTest(String name, List<String> options, Pattern result) {
		ServerConnection broker = rabbit.server();
		List<String> arguments = new ArrayList<>(
				List.of("-Xmx256m", "-XX:+UseSerialGC", "-cp", Path.of("target", "lib").toAbsolutePath() + "/*",
						"com.rabbitmq.perf.PerfTest", "-h", "amqp://%s:%s@%s:%d/%%2F".formatted(broker.username(),
								broker.password(), broker.host(), broker.port())));
		arguments.addAll(options);
		logger.info("PerfTest {}", String.join(" ", options));
		return ChildRun.number(ChildRun.java(name, TIMEOUT, arguments), result, name);
	}

}
