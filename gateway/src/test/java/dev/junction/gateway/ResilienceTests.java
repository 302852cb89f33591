/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.ConsulHttp;
import dev.junction.testsupport.LoopbackPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries on another instance for idempotent requests only, the routes' circuit breakers
 * and response timeouts, against instances that are registered and passing but broken.
 */
class ResilienceTests {

	private static final String USERS = "sample-user-service";

	private static final String ORDERS = "sample-order-service";

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	static FakeBackend users;

	static ClosingServer brokenOrders;

	static RunningGateway gateway;

	@BeforeAll
	static void start() throws Exception {
		users = FakeBackend.start(consul.baseUrl(), USERS, "v1");
		brokenOrders = new ClosingServer(consul.baseUrl(), ORDERS, "v1");
		Map<String, String> properties = new HashMap<>(consul.springProperties());
		// the users route mixes failures and successes; only all-failing orders must open
		properties.put("junction.client.circuit-breaker.failure-rate-threshold", "90");
		// two of three instances broken (until outlier detection ejects them) is what the
		// retry budget is meant to stop carrying on retries; these cases are about where
		// the retries go, so the budget is ample
		properties.put("junction.gateway.resilience.budget.ratio", "3");
		gateway = RunningGateway.startReady(properties);
	}

	@AfterAll
	static void stop() throws Exception {
		gateway.close();
		users.close();
		brokenOrders.close();
	}

	@Test
	void anIdempotentRequestThatFailsOnOneInstanceIsRetriedOnAnother() throws Exception {
		try (ClosingServer broken = new ClosingServer(consul.baseUrl(), USERS, "v1")) {
			for (int i = 0; i < 20; i++) {
				HttpResponse<String> answer = gateway.get("/api/users/" + i);
				assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
			}
			assertThat(broken.accepted()).as("GETs that met the broken instance first").isPositive();
		}
	}

	@Test
	void retriesOfConcurrentRequestsEachGoToAnInstanceTheRequestHasNotTried() throws Exception {
		// two of three instances accept and close every connection (outlier detection
		// ejects at most one of three at a time): with two retries, only attempts that
		// avoid the instances already tried are sure to reach the healthy one
		try (ClosingServer first = new ClosingServer(consul.baseUrl(), USERS, "v1");
				ClosingServer second = new ClosingServer(consul.baseUrl(), USERS, "v1")) {
			List<Integer> failed = Collections.synchronizedList(new ArrayList<>());
			ExecutorService clients = Executors.newFixedThreadPool(12);
			try {
				List<Future<?>> calls = new ArrayList<>();
				for (int i = 0; i < 600; i++) {
					int user = i;
					calls.add(clients.submit(() -> {
						HttpResponse<String> answer = gateway.get("/api/users/" + user);
						if (answer.statusCode() != 200) {
							failed.add(answer.statusCode());
						}
						return null;
					}));
				}
				for (Future<?> call : calls) {
					call.get(60, TimeUnit.SECONDS);
				}
			}
			finally {
				clients.shutdownNow();
			}
			assertThat(first.accepted()).as("attempts that met the first broken instance").isPositive();
			assertThat(second.accepted()).as("attempts that met the second broken instance").isPositive();
			assertThat(failed).as("GETs answered with an error").isEmpty();
		}
	}

	@Test
	void anInstanceThatRefusesConnectionsIsSkippedFromTheNextRequestOn() throws Exception {
		int deadPort = LoopbackPorts.free();
		String id = USERS + "-dead-" + deadPort;
		ConsulHttp.register(consul.baseUrl(), id, USERS, deadPort, "v1");
		try {
			int failed = 0;
			for (int i = 0; i < 20; i++) {
				// POSTs are not retried, so each one
				// that met the dead instance would fail
				HttpResponse<String> answer = gateway
					.send(gateway.request(url("/api/users")).POST(HttpRequest.BodyPublishers.ofString("{}")));
				failed += (answer.statusCode() == 200) ? 0 : 1;
				assertThat(gateway.get("/api/users/" + i).statusCode()).isEqualTo(200);
			}
			// the first refusal ejects it for 5 s (then longer);
			// a slow machine may see a probe
			assertThat(failed).isLessThanOrEqualTo(2);
		}
		finally {
			ConsulHttp.deregister(consul.baseUrl(), id);
		}
	}

	@Test
	void aNonIdempotentRequestIsNeverRetried() throws Exception {
		try (ClosingServer broken = new ClosingServer(consul.baseUrl(), USERS, "v1")) {
			postsMeeting(broken);
		}
	}

	private void postsMeeting(ClosingServer broken) {
		int served = users.hits();
		int failed = 0;
		for (int i = 0; i < 20; i++) {
			HttpResponse<String> answer = gateway
				.send(gateway.request(url("/api/users")).POST(HttpRequest.BodyPublishers.ofString("{}")));
			if (answer.statusCode() != 200) {
				assertThat(answer.statusCode()).isEqualTo(502);
				assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
				failed++;
			}
		}
		assertThat(failed).as("POSTs that met the broken instance").isPositive();
		assertThat(broken.accepted()).as("connections to the broken instance").isPositive();
		// a retried POST would have reached the working instance (and succeeded)
		assertThat(users.hits() - served).as("POSTs the working instance served").isEqualTo(20 - failed);
	}

	@Test
	void aServiceThatKeepsFailingOpensItsBreakerWhichThenAnswers503WithRetryAfterAtOnce() {
		HttpResponse<String> answer = null;
		for (int i = 0; i < 30 && (answer == null || answer.statusCode() != 503); i++) {
			answer = gateway.get("/api/orders/" + i);
			assertThat(answer.statusCode()).isIn(502, 503);
		}
		assertThat(answer.statusCode()).isEqualTo(503);
		assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		int attempts = brokenOrders.accepted();
		long started = System.nanoTime();
		assertThat(gateway.get("/api/orders/1").statusCode()).isEqualTo(503);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
		assertThat(brokenOrders.accepted()).as("calls let through by the open breaker").isEqualTo(attempts);
	}

	@Test
	void aSlowAnswerIsCutAtTheRoutesResponseTimeout() {
		HttpResponse<String> answer = null;
		long elapsed = 0;
		// POSTs are not retried: the round robin
		// may first hand one to the broken instance
		for (int i = 0; i < 4 && (answer == null || answer.statusCode() == 502); i++) {
			long started = System.nanoTime();
			answer = gateway.send(gateway.request(url("/api/users"), FakeBackend.DELAY, "8000")
				.POST(HttpRequest.BodyPublishers.ofString("{}")));
			elapsed = System.nanoTime() - started;
		}
		assertThat(answer.statusCode()).as("%s after %d ms", answer.body(), elapsed / 1_000_000).isEqualTo(504);
		// the users route's response-timeout is 5 s; the global one is 10 s
		assertThat(Duration.ofNanos(elapsed)).isBetween(Duration.ofMillis(4500), Duration.ofMillis(7900));
	}

	private static String url(String path) {
		return "http://127.0.0.1:" + gateway.port() + path;
	}

}
