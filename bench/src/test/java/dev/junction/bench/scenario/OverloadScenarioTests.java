/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.junction.bench.load.FixedRateLoad;
import dev.junction.bench.load.Sample;
import dev.junction.bench.report.Figure;
import dev.junction.bench.report.Timeline;
import dev.junction.bench.report.Timeline.Event;
import dev.junction.bench.scenario.SideBySide.Outcome;
import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.AppInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.junction.bench.scenario.EdgeDeployment.USER_SERVICE;

/**
 * O1: a backend that serves 160 requests per second at most
 * ({@code SlowBackendApplication}: 8 Tomcat workers, 50 ms of each per request) offered
 * three times that, 480 GET/s open loop for 30 s, through a gateway.
 * <p>
 * The Junction side: the Junction gateway in front of the backend run with the Junction
 * starter (registered by the starter as {@code sample-user-service}), so the starter's
 * inbound load shedding, if the build has it, refuses what the workers cannot take, and
 * the gateway passes the refusals on. The plain side: the plain Spring Cloud gateway
 * ({@link SideBySide}) in front of the same backend without the starter (Spring Boot,
 * Tomcat and Spring Cloud Consul discovery with their defaults). The two run one after
 * the other, each first at 20 GET/s for its unloaded p99. While overloaded, a probe reads
 * the headers of a few refusals ({@code Retry-After}, {@code Junction-Load-Shed}).
 * <p>
 * Full suite only ({@code bench/run.sh}); {@code -Djunction.bench.smoke=true} shortens
 * it.
 */
class OverloadScenarioTests {

	private static final Logger logger = LoggerFactory.getLogger(OverloadScenarioTests.class);

	private static final String SLOW_BACKEND = "dev.junction.bench.slow.SlowBackendApplication";

	private static final String PLAIN_SERVICE = "o1-plain-backend";

	private static final int CAPACITY = 160;

	private static final int OFFERED = 3 * CAPACITY;

	private static final int UNLOADED_RATE = 20;

	private static final Duration WARM_UP = Bench.duration(20, 5);

	private static final Duration UNLOADED = Bench.duration(15, 5);

	private static final Duration OVERLOAD = Bench.duration(30, 10);

	private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * The overload's first seconds, reported apart: whatever a limit admits before its
	 * first answers come back (a route's initial limit of 100 in front of 8 workers)
	 * queues at the backend for up to 100 / 160 s.
	 */
	private static final Duration FIRST_SECONDS = Duration.ofSeconds(5);

	@RegisterExtension
	static DevConsulExtension consulAgent = new DevConsulExtension();

	static AppInstance junctionBackend;

	static AppInstance plainBackend;

	static AppInstance junction;

	static AppInstance plain;

	@BeforeAll
	static void deploy() {
		Consul consul = new Consul(consulAgent);
		Map<String, String> backend = new LinkedHashMap<>(consulAgent.springProperties());
		backend.put("server.tomcat.threads.max", "8");
		backend.put("bench.work-millis", "50");
		// where the instance is, not how it behaves: loopback, as every app here
		backend.put("spring.cloud.consul.discovery.prefer-ip-address", "true");
		backend.put("spring.cloud.consul.discovery.ip-address", "127.0.0.1");
		// Spring Cloud Gateway is on the bench module's classpath: not in a backend
		backend.put("spring.cloud.gateway.server.webflux.enabled", "false");
		Map<String, String> withStarter = new LinkedHashMap<>(backend);
		withStarter.put("spring.application.name", USER_SERVICE);
		withStarter.put("junction.instance.version", "v1");
		withStarter.put("junction.messaging.outbox.enabled", "false");
		// PerfTest's metric registries share target/lib: no export from this app
		withStarter.put("management.datadog.metrics.export.enabled", "false");
		withStarter.put("management.jmx.metrics.export.enabled", "false");
		junctionBackend = Bench
			.appFromClasspath("o1-backend-junction", SLOW_BACKEND, "SlowBackendWithStarter", "lib", "lib-messaging")
			.properties(withStarter)
			.start();
		Map<String, String> plainCloud = new LinkedHashMap<>(backend);
		plainCloud.put("spring.application.name", PLAIN_SERVICE);
		plainCloud.put("spring.cloud.consul.discovery.health-check-path", "/bench/ready");
		plainBackend = Bench
			.appFromClasspath("o1-backend-plain", SLOW_BACKEND, "SlowBackendPlain", "lib", "lib-plain-cloud",
					"lib-servlet")
			.properties(plainCloud)
			.readiness("/bench/ready")
			.start();
		junction = SideBySide.startJunctionGateway("gateway-o1", consulAgent.springProperties(), Map.of());
		plain = SideBySide.startPlainGateway("plain-o1", consulAgent.springProperties(),
				Map.of("spring.cloud.gateway.server.webflux.routes[0].uri", "lb://" + PLAIN_SERVICE));
		junctionBackend.awaitReady();
		plainBackend.awaitReady();
		junction.awaitReady();
		consul.awaitPassing(USER_SERVICE, (ports) -> ports.size() == 1, Duration.ofSeconds(60));
		consul.awaitPassing(PLAIN_SERVICE, (ports) -> ports.size() == 1, Duration.ofSeconds(60));
		SideBySide.awaitRouting(junction, SideBySide.USERS_PATH + "1", AppInstance.STARTUP);
		SideBySide.awaitRouting(plain, SideBySide.USERS_PATH + "1", AppInstance.STARTUP);
	}

	@AfterAll
	static void stop() {
		AppInstance.closeAll(junction, plain, junctionBackend, plainBackend);
	}

	@Test
	@Tag("O1")
	void threeTimesTheBackendsCapacityOfferedOpenLoop() {
		Side junctionSide = measure("O1", "Junction", junction);
		Side plainSide = measure("O1-plain", "plain Spring Cloud", plain);
		Outcome admitted = junctionSide.admitted();
		double admittedP99 = admitted.samples().isEmpty() ? Double.NaN : admitted.percentileMillis(99);
		double refusedP99 = junctionSide.refused().samples().isEmpty() ? 0
				: junctionSide.refused().percentileMillis(99);
		boolean met = admittedP99 <= 3 * junctionSide.unloadedP99()
				&& (junctionSide.refused().samples().isEmpty() || refusedP99 <= 20 && junctionSide.retryAfter())
				&& junctionSide.goodput() >= 0.9 * CAPACITY && junctionSide.timeouts() == 0;
		new Figure("O1",
				"a backend of " + CAPACITY + " req/s at most (8 workers × 50 ms) offered " + OFFERED
						+ " GET/s open loop for " + OVERLOAD.toSeconds() + " s through the gateway",
				"Junction: " + junctionSide.describe(), "plain Spring Cloud: " + plainSide.describe(),
				"%.2f×".formatted(junctionSide.goodput() / Math.max(0.001, plainSide.goodput())),
				"admitted p99 ≤ 3× unloaded p99; refusals ≤ 20 ms p99 with 503 + Retry-After; goodput ≥ "
						+ (int) (0.9 * CAPACITY) + "/s; no client timeouts",
				Figure.met(met),
				"Junction side: the Junction gateway → the backend with the Junction starter (its own inbound load"
						+ " shedding, if any, as seen through the gateway); plain side: the plain Spring Cloud gateway"
						+ " → the same backend without the starter (Tomcat's defaults but 8 workers); one after the"
						+ " other, each after a warm-up at " + CAPACITY / 2 + " GET/s; unloaded p99 at " + UNLOADED_RATE
						+ " GET/s; goodput = 2xx answered within the window; client timeout "
						+ CLIENT_TIMEOUT.toSeconds() + " s; ratio = goodput, Junction / plain" + Bench.modeNote())
			.save();
	}

	private static Side measure(String timeline, String who, AppInstance gateway) {
		String url = gateway.url(SideBySide.USERS_PATH + "1");
		// the JIT of the gateway and the backend first, below the backend's capacity
		FixedRateLoad warmUp = new FixedRateLoad("O1 " + who + " warm-up",
				(sequence) -> FixedRateLoad.get(url, CLIENT_TIMEOUT), CAPACITY / 2, WARM_UP, 1000);
		warmUp.start().awaitEnd();
		warmUp.close();
		FixedRateLoad unloadedLoad = new FixedRateLoad("O1 " + who + " unloaded",
				(sequence) -> FixedRateLoad.get(url, CLIENT_TIMEOUT), UNLOADED_RATE, UNLOADED, 1000);
		Outcome unloaded = new Outcome(unloadedLoad.start().awaitEnd());
		unloadedLoad.close();
		logger.info("O1 {}: unloaded {}", who, unloaded.describe());
		List<Event> events = new ArrayList<>();
		events.add(Event.now("offered " + OFFERED + "/s"));
		FixedRateLoad overload = new FixedRateLoad("O1 " + who + " at " + OFFERED + "/s",
				(sequence) -> FixedRateLoad.get(url, CLIENT_TIMEOUT), OFFERED, OVERLOAD, 8000);
		RefusalProbe probe = new RefusalProbe(url);
		List<Sample> samples;
		try {
			overload.start();
			probe.start();
			samples = overload.awaitEnd();
		}
		finally {
			probe.stop();
			overload.close();
		}
		events.add(Event.now("load ends"));
		Timeline.save(timeline, samples, events);
		long settledFrom = samples.isEmpty() ? 0 : samples.get(0).intendedMillis() + FIRST_SECONDS.toMillis();
		Side side = new Side(unloaded.percentileMillis(99), new Outcome(samples),
				new Outcome(samples.stream().filter(Sample::ok).toList()),
				new Outcome(
						samples.stream()
							.filter((sample) -> sample.ok() && sample.intendedMillis() >= settledFrom)
							.toList()),
				new Outcome(samples.stream().filter((sample) -> sample.status() == 503).toList()),
				new Outcome(samples.stream()
					.filter((sample) -> sample.status() == 503 && sample.intendedMillis() >= settledFrom)
					.toList()),
				samples.stream()
					.filter((sample) -> HttpTimeoutException.class.getSimpleName().equals(sample.error()))
					.count(),
				goodput(samples), probe.describe(),
				probe.refusals.get() > 0 && probe.refusals.get() == probe.withRetryAfter.get());
		logger.info("O1 {}: {}", who, side.describe());
		// the backend catches up before the next side
		Pause.millis(5000);
		return side;
	}

	/**
	 * 2xx answers per second that completed within the overload's window (not those
	 * answered while the backend drained its queue after it).
	 */
	private static double goodput(List<Sample> samples) {
		if (samples.isEmpty()) {
			return 0;
		}
		long end = samples.get(0).intendedMillis() + OVERLOAD.toMillis();
		long answered = samples.stream()
			.filter((sample) -> sample.ok() && sample.intendedMillis() + sample.latencyMicros() / 1000 <= end)
			.count();
		return answered / (double) OVERLOAD.toSeconds();
	}

	/**
	 * One side's figures.
	 *
	 * @param unloadedP99 p99 at {@value #UNLOADED_RATE} GET/s, ms
	 * @param all every request of the overload
	 * @param admitted its 2xx answers
	 * @param admittedLater the 2xx answers of requests sent after the first
	 * {@link #FIRST_SECONDS}, when the limit has met the overload
	 * @param refused its 503 answers
	 * @param refusedLater the 503 answers to requests sent after the first
	 * {@link #FIRST_SECONDS}
	 * @param timeouts requests the client gave up on
	 * @param goodput 2xx answers per second of the overload
	 * @param headers what the probe saw on refusals
	 * @param retryAfter whether every refusal the probe saw had {@code Retry-After}
	 */
	record Side(double unloadedP99, Outcome all, Outcome admitted, Outcome admittedLater, Outcome refused,
			Outcome refusedLater, long timeouts, double goodput, String headers, boolean retryAfter) {

		String describe() {
			String refusals = this.refused.samples().isEmpty() ? "no 503"
					: "%d refused with 503 (p99 %.1f ms, %s from %d s on; %s)".formatted(this.refused.total(),
							this.refused.percentileMillis(99),
							this.refusedLater.samples().isEmpty() ? "none"
									: "%.1f ms".formatted(this.refusedLater.percentileMillis(99)),
							FIRST_SECONDS.toSeconds(), this.headers);
			String admittedP99 = this.admitted.samples().isEmpty() ? "none admitted"
					: "admitted p99 %.1f ms, %.1f ms from %d s on".formatted(this.admitted.percentileMillis(99),
							this.admittedLater.samples().isEmpty() ? Double.NaN
									: this.admittedLater.percentileMillis(99),
							FIRST_SECONDS.toSeconds());
			return "goodput %.0f/s; %s (unloaded p99 %.1f ms); %s; %d client timeouts; all: %s".formatted(this.goodput,
					admittedP99, this.unloadedP99, refusals, this.timeouts, this.all.describe());
		}

	}

	/**
	 * A GET every 250 ms beside the load, reading the headers of the 503s: the load
	 * generator keeps only statuses.
	 */
	static final class RefusalProbe {

		private final HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build();

		private final HttpRequest request;

		private final Thread thread;

		private volatile boolean running = true;

		final AtomicLong refusals = new AtomicLong();

		final AtomicLong withRetryAfter = new AtomicLong();

		final AtomicLong withShedHeader = new AtomicLong();

		RefusalProbe(String url) {
			this.request = HttpRequest.newBuilder(URI.create(url)).timeout(CLIENT_TIMEOUT).build();
			this.thread = new Thread(this::probe, "o1-refusal-probe");
			this.thread.setDaemon(true);
		}

		void start() {
			this.thread.start();
		}

		private void probe() {
			while (this.running) {
				try {
					HttpResponse<Void> response = this.client.send(this.request,
							HttpResponse.BodyHandlers.discarding());
					if (response.statusCode() == 503) {
						this.refusals.incrementAndGet();
						response.headers()
							.firstValue("Retry-After")
							.ifPresent((value) -> this.withRetryAfter.incrementAndGet());
						response.headers()
							.firstValue("Junction-Load-Shed")
							.ifPresent((value) -> this.withShedHeader.incrementAndGet());
					}
				}
				catch (IOException ex) {
					// a timeout: the load's own figures count those
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				Pause.millis(250);
			}
		}

		void stop() {
			this.running = false;
			try {
				this.thread.join(CLIENT_TIMEOUT.toMillis() + 2000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		String describe() {
			return "probe: %d refusals, %d with Retry-After, %d with Junction-Load-Shed".formatted(this.refusals.get(),
					this.withRetryAfter.get(), this.withShedHeader.get());
		}

	}

}
