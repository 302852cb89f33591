/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.junction.bench.backend.FaultyBackend;
import dev.junction.bench.load.FixedRateLoad;
import dev.junction.bench.load.Sample;
import dev.junction.launcher.SampleProperties;
import dev.junction.testsupport.AppInstance;
import org.HdrHistogram.Histogram;

/**
 * What the gray-failure scenarios (D3-D5, O1, B1) share: each runs the same fault against
 * the Junction gateway and against the plain Spring Cloud reference
 * ({@code PlainLbGatewayApplication}: Spring Cloud Gateway, LoadBalancer and Consul
 * discovery with their defaults, {@code lb://} routes) in the same run, and reports both.
 */
final class SideBySide {

	static final String JUNCTION = "junction";

	static final String PLAIN = "plain";

	static final String PLAIN_GATEWAY = "dev.junction.bench.plaincloud.PlainLbGatewayApplication";

	/** The routes of both gateways (the Junction gateway's packaged ones). */
	static final String USERS_PATH = "/api/users/";

	private static final String ROUTES = "spring.cloud.gateway.server.webflux.routes";

	private static final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private SideBySide() {
	}

	/**
	 * Starts the plain Spring Cloud reference: {@code /api/users/**} to
	 * {@code lb://sample-user-service} and {@code /api/orders/**} to
	 * {@code lb://sample-order-service} through Consul discovery and Spring Cloud
	 * LoadBalancer, everything at its defaults but two things that are not about routing:
	 * it does not register itself in Consul (it is a client only, as the Junction edge),
	 * and the load balancer's choices are logged at TRACE, as on the Junction gateway.
	 * @param name short name for logs
	 * @param consul {@code spring.cloud.consul.host} and {@code port}
	 * @param extra more properties
	 * @return the starting gateway; see {@link #awaitListening}
	 */
	static AppInstance startPlainGateway(String name, Map<String, String> consul, Map<String, String> extra) {
		Map<String, String> properties = new LinkedHashMap<>(consul);
		properties.put("spring.application.name", name);
		properties.put("spring.cloud.consul.discovery.register", "false");
		properties.put(ROUTES + "[0].id", SampleProperties.USER_SERVICE);
		properties.put(ROUTES + "[0].uri", "lb://" + SampleProperties.USER_SERVICE);
		properties.put(ROUTES + "[0].predicates[0]", "Path=/api/users/**");
		properties.put(ROUTES + "[1].id", SampleProperties.ORDER_SERVICE);
		properties.put(ROUTES + "[1].uri", "lb://" + SampleProperties.ORDER_SERVICE);
		properties.put(ROUTES + "[1].predicates[0]", "Path=/api/orders/**");
		properties.put("logging.level.org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter",
				"TRACE");
		properties.putAll(extra);
		return Bench.appFromClasspath(name, PLAIN_GATEWAY, "PlainLbGatewayApplication", "lib", "lib-plain-cloud")
			.properties(properties)
			.start();
	}

	/**
	 * Starts a Junction gateway in front of the bench's own instances registered as
	 * {@code sample-user-service}: the packaged gateway with rate limiting off (the
	 * scenario's rate, not the limit, is under test; nor is Redis) and the sample
	 * policy's canary at weight 0 (every instance is a v1), the load balancer's choices
	 * at TRACE.
	 */
	static AppInstance startJunctionGateway(String name, Map<String, String> consul, Map<String, String> extra) {
		Map<String, String> properties = new LinkedHashMap<>(consul);
		properties.put("junction.gateway.rate-limit.enabled", "false");
		properties.put("junction.gateway.policies." + SampleProperties.USER_SERVICE + ".canary-weight", "0");
		properties.put("logging.level.org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter",
				"TRACE");
		properties.putAll(extra);
		return Bench.app(name, SampleProperties.GATEWAY)
			.properties(properties)
			.readinessOnManagementPort("/readyz")
			.start();
	}

	/**
	 * Waits until the app answers HTTP on its port, whatever the status (the plain
	 * gateway has no readiness endpoint, and answers 503 while it knows no instance).
	 */
	static void awaitListening(AppInstance app, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		HttpRequest request = HttpRequest.newBuilder(URI.create(app.url("/bench/listening")))
			.timeout(Duration.ofSeconds(2))
			.build();
		while (System.nanoTime() < deadline) {
			if (!app.isAlive()) {
				throw new IllegalStateException(app.describe("exited before answering"));
			}
			try {
				client.send(request, HttpResponse.BodyHandlers.discarding());
				return;
			}
			catch (IOException ex) {
				Pause.millis(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
		}
		throw new IllegalStateException(app.describe("did not answer on its port within " + timeout));
	}

	/** Waits until a GET through the gateway answers 200 (it knows an instance). */
	static void awaitRouting(AppInstance gateway, String path, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.url(path)))
			.timeout(Duration.ofSeconds(5))
			.build();
		int status = 0;
		while (System.nanoTime() < deadline) {
			try {
				status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
				if (status == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
			Pause.millis(200);
		}
		throw new IllegalStateException(
				gateway.describe("did not route GET " + path + " within " + timeout + " (last status " + status + ")"));
	}

	/**
	 * Open-loop GETs of {@code /api/users/{id}} through a gateway, the ids cycling
	 * through {@code ids}, each request naming the gateway in {@link FaultyBackend#VIA}.
	 */
	static FixedRateLoad gets(String name, AppInstance gateway, String via, List<Long> ids, int perSecond,
			Duration duration, Duration timeout) {
		String base = gateway.url(USERS_PATH);
		return new FixedRateLoad(name, (sequence) -> FixedRateLoad.get(base + ids.get((int) (sequence % ids.size())),
				timeout, FaultyBackend.VIA, via), perSecond, duration, 2000);
	}

	/** The samples due in {@code [from, to)} (epoch milliseconds). */
	static List<Sample> between(List<Sample> samples, long from, long to) {
		return samples.stream()
			.filter((sample) -> sample.intendedMillis() >= from && sample.intendedMillis() < to)
			.toList();
	}

	/**
	 * When the gateway's load balancer chose the instance on the port, in epoch
	 * milliseconds (TRACE log; the same log line on both gateways).
	 */
	static List<Long> chosen(AppInstance gateway, int port) {
		return EdgeDeployment.chosenTimes(gateway, port);
	}

	/** How many times the gateway's load balancer chose any of the ports. */
	static long chosenCount(AppInstance gateway, List<Integer> ports) {
		return gateway.log()
			.lines()
			.filter((line) -> ports.stream().anyMatch((port) -> line.contains(EdgeDeployment.CHOSEN + port + "/")))
			.count();
	}

	/** The figures of one side's requests. */
	record Outcome(List<Sample> samples) {

		long failed() {
			return this.samples.stream().filter((sample) -> !sample.ok()).count();
		}

		int total() {
			return this.samples.size();
		}

		double failedPercent() {
			return this.samples.isEmpty() ? 0 : 100.0 * failed() / total();
		}

		double percentileMillis(double percentile) {
			Histogram histogram = FixedRateLoad.histogram(this.samples);
			return histogram.getValueAtPercentile(percentile) / 1000.0;
		}

		double maxMillis() {
			return FixedRateLoad.histogram(this.samples).getMaxValue() / 1000.0;
		}

		/** Failures by kind: the status, or the exception's class when no answer came. */
		Map<String, Long> failures() {
			Map<String, Long> kinds = new TreeMap<>();
			for (Sample sample : this.samples) {
				if (!sample.ok()) {
					kinds.merge((sample.error() != null) ? sample.error() : "HTTP " + sample.status(), 1L, Long::sum);
				}
			}
			return kinds;
		}

		/**
		 * Such as {@code 3 failed of 6000 (0.05 %) {HTTP 500=3}; p50 4.1, p99 20.3, max
		 * 81.0 ms}.
		 */
		String describe() {
			String kinds = failures().isEmpty() ? "" : " " + failures();
			return "%d failed of %d (%.2f %%)%s; p50 %.1f, p99 %.1f, max %.1f ms".formatted(failed(), total(),
					failedPercent(), kinds, percentileMillis(50), percentileMillis(99), maxMillis());
		}

	}

}
