/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.starter.retry.RetryBudgets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routes' retries against real instances: a hung instance costs one per-try timeout
 * and the retry goes to the other instance; when every instance answers 503, the retry
 * budget keeps the attempts near the requests instead of multiplying them. The breaker is
 * kept shut here (it would stop the attempts the budget is measured on).
 */
class RouteRetryTests {

	private static final String HUNG = "retry-hung";

	private static final String UNAVAILABLE = "retry-unavailable";

	private static final String ALL_HUNG = "retry-all-hung";

	private static final String PUT = "retry-put";

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	static FakeBackend healthy;

	static HungServer hung;

	static StatusBackend unavailableOne;

	static StatusBackend unavailableTwo;

	static HungServer allHung;

	static FakeBackend putHealthy;

	static StatusBackend putUnavailable;

	static RunningGateway gateway;

	@BeforeAll
	static void start() throws Exception {
		healthy = FakeBackend.start(consul.baseUrl(), HUNG, "v1");
		hung = new HungServer(consul.baseUrl(), HUNG, "v1");
		unavailableOne = new StatusBackend(consul.baseUrl(), UNAVAILABLE, 503);
		unavailableTwo = new StatusBackend(consul.baseUrl(), UNAVAILABLE, 503);
		allHung = new HungServer(consul.baseUrl(), ALL_HUNG, "v1");
		putHealthy = FakeBackend.start(consul.baseUrl(), PUT, "v1");
		putUnavailable = new StatusBackend(consul.baseUrl(), PUT, 503);
		Map<String, String> properties = new HashMap<>(consul.springProperties());
		properties.putAll(route(0, HUNG));
		properties.putAll(route(1, UNAVAILABLE));
		properties.putAll(route(2, ALL_HUNG));
		properties.putAll(route(3, PUT));
		properties.put("spring.cloud.gateway.server.webflux.routes[2].metadata.deadline", "1500ms");
		properties.put("junction.client.circuit-breaker.minimum-number-of-calls", "1000000");
		properties.put("junction.client.circuit-breaker.sliding-window-size", "1000000");
		// an ejected instance stays out while the class runs
		properties.put("junction.discovery.outlier-detection.base-ejection-time", "60s");
		gateway = RunningGateway.startReady(properties);
	}

	static Map<String, String> route(int index, String service) {
		String prefix = "spring.cloud.gateway.server.webflux.routes[" + index + "].";
		return Map.of(prefix + "id", service, prefix + "uri", "lb://" + service, prefix + "predicates[0]",
				"Path=/" + service + "/**");
	}

	@AfterAll
	static void stop() throws Exception {
		gateway.close();
		healthy.close();
		hung.close();
		unavailableOne.close();
		unavailableTwo.close();
		allHung.close();
		putHealthy.close();
		putUnavailable.close();
	}

	@Test
	void aRetriedPutSendsItsWholeBodyAgainAndAGetStillPassesWithoutOne() {
		int refused = putUnavailable.hits();
		// round robin hands one of every two first tries to the 503 instance, which
		// outlier detection ejects after its third 503: four PUTs meet it at least once
		for (int i = 0; i < 4; i++) {
			String body = "{\"order\":" + i + ",\"lines\":\"" + "x".repeat(20_000) + "\"}";
			HttpResponse<String> answer = gateway.send(gateway
				.request("http://127.0.0.1:" + gateway.port() + "/" + PUT + "/orders/" + i, FakeBackend.ECHO, "on")
				.PUT(HttpRequest.BodyPublishers.ofString(body)));
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
			assertThat(answer.body()).as("what the instance that answered received")
				.isEqualTo("PUT /" + PUT + "/orders/" + i + " " + body);
		}
		assertThat(putUnavailable.hits() - refused).as("PUTs that met the 503 instance first").isPositive();
		HttpResponse<String> get = gateway.get("/" + PUT + "/orders/1", FakeBackend.ECHO, "on");
		assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
		assertThat(get.body()).isEqualTo("GET /" + PUT + "/orders/1 ");
	}

	@Test
	void aRequestWhoseDeadlinePassesIsA504Problem() {
		HttpResponse<String> answer = gateway.get("/" + ALL_HUNG + "/1");
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(504);
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(answer.body()).contains("deadline-exceeded");
		// a 1 s try, then a retry cut at the route's 1.5 s deadline
		assertThat(allHung.accepted()).as("attempts").isBetween(1, 2);
	}

	@Test
	void aHungInstanceCostsOneShortTryAndTheRetryGoesToTheOtherInstance() {
		int served = healthy.hits();
		int requests = 0;
		// round robin hands about every other GET to the hung instance first;
		// without a per-try timeout each of those would wait for the route's
		// response timeout (10 s) and answer 504, as a timeout is not retried
		for (int i = 0; i < 30 && (requests < 6 || hung.accepted() < 2); i++) {
			HttpResponse<String> answer = gateway.get("/" + HUNG + "/" + i);
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
			requests++;
		}
		assertThat(hung.accepted()).as("GETs that met the hung instance first").isGreaterThanOrEqualTo(2);
		assertThat(healthy.hits() - served).as("GETs the healthy instance answered").isEqualTo(requests);
	}

	@Test
	void aHungInstanceIsEjectedAfterThreeTimedOutTries() {
		int served = healthy.hits();
		for (int i = 0; i < 20; i++) {
			HttpResponse<String> answer = gateway.get("/" + HUNG + "/ejected-" + i);
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		}
		// a timed-out try cancels the call, which the load balancer's hooks never report:
		// the retry filter tells outlier detection itself
		assertThat(hung.accepted()).as("tries the hung instance got").isLessThanOrEqualTo(3);
		assertThat(healthy.hits() - served).isEqualTo(20);
		assertThat(gateway.management("/actuator/junctionoutliers").body())
			.contains("\"instance\":\"127.0.0.1:" + hung.port() + "\"")
			.contains("\"reason\":\"consecutive-gateway-failures\"");
	}

	@Test
	void whenEveryInstanceAnswers503TheBudgetBoundsTheAttempts() throws Exception {
		int requests = 300;
		int before = unavailableOne.hits() + unavailableTwo.hits();
		long started = System.nanoTime();
		List<Integer> statuses = sendConcurrently(requests);
		double seconds = (System.nanoTime() - started) / 1e9;
		int attempts = unavailableOne.hits() + unavailableTwo.hits() - before;
		assertThat(statuses).as("the services' own 503 answers").containsOnly(503);
		// 20 % of the requests plus 10 retries a second (over at least the 10 s window);
		// without a budget, 2 retries each would make 900 attempts
		double bound = 1.2 * requests + 10 * Math.max(10, Math.ceil(seconds));
		assertThat(attempts).as("attempts at the instances for %d requests in %.1f s", requests, seconds)
			.isGreaterThan(requests)
			.isLessThanOrEqualTo((int) bound);
		MeterRegistry meters = gateway.context().getBean(MeterRegistry.class);
		Counter refused = meters.get(RetryBudgets.METER)
			.tag("service", UNAVAILABLE)
			.tag("outcome", "refused")
			.counter();
		Counter allowed = meters.get(RetryBudgets.METER)
			.tag("service", UNAVAILABLE)
			.tag("outcome", "allowed")
			.counter();
		assertThat(refused.count()).as("retries the budget refused").isPositive();
		// a retry after a pooled connection the instance had closed reaches no instance
		assertThat(allowed.count()).as("retries the budget allowed").isGreaterThanOrEqualTo(attempts - requests);
	}

	private static List<Integer> sendConcurrently(int requests) throws Exception {
		List<Integer> statuses = new ArrayList<>();
		ExecutorService clients = Executors.newFixedThreadPool(6);
		try {
			List<Future<HttpResponse<String>>> calls = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				String path = "/" + UNAVAILABLE + "/" + i;
				calls.add(clients.submit(() -> gateway.get(path)));
			}
			for (Future<HttpResponse<String>> call : calls) {
				HttpResponse<String> answer = call.get(60, TimeUnit.SECONDS);
				statuses.add(answer.statusCode());
				assertThat(answer.body()).as("the body an instance sent")
					.endsWith(" from " + answer.headers().firstValue("X-Test-Instance").orElse("?"));
			}
		}
		finally {
			clients.shutdownNow();
		}
		return statuses;
	}

}
