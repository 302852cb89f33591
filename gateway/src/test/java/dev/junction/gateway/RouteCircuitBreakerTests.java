/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.starter.JunctionHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The routes' circuit breakers count the services' 5xx answers, which still reach the
 * client as the service sent them; an open breaker answers a fast 503 problem and closes
 * again through trial requests once the service recovers; one sick instance of two, whose
 * requests the retries carry to the other, does not open it.
 */
class RouteCircuitBreakerTests {

	private static final String FAILING = "breaker-failing";

	private static final String HALF_SICK = "breaker-half-sick";

	private static final String SHEDDING = "breaker-shedding";

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	static StatusBackend failingOne;

	static StatusBackend failingTwo;

	static StatusBackend sick;

	static StatusBackend well;

	static StatusBackend shedding;

	static RunningGateway gateway;

	@BeforeAll
	static void start() throws Exception {
		failingOne = new StatusBackend(consul.baseUrl(), FAILING, 500);
		failingTwo = new StatusBackend(consul.baseUrl(), FAILING, 500);
		sick = new StatusBackend(consul.baseUrl(), HALF_SICK, 500);
		well = new StatusBackend(consul.baseUrl(), HALF_SICK, 200);
		shedding = new StatusBackend(consul.baseUrl(), SHEDDING, 503);
		// longer than the deadline: not retried
		shedding.answer(503, Map.of(JunctionHeaders.LOAD_SHED, "true", "Retry-After", "30"));
		Map<String, String> properties = new HashMap<>(consul.springProperties());
		properties.putAll(RouteRetryTests.route(0, FAILING));
		properties.putAll(RouteRetryTests.route(1, HALF_SICK));
		properties.putAll(RouteRetryTests.route(2, SHEDDING));
		properties.put("junction.client.circuit-breaker.wait-duration-in-open-state", "2s");
		gateway = RunningGateway.startReady(properties);
	}

	@AfterAll
	static void stop() throws Exception {
		gateway.close();
		failingOne.close();
		failingTwo.close();
		sick.close();
		well.close();
		shedding.close();
	}

	@Test
	void shedAnswersDoNotOpenTheBreakerAndReachTheClientAsSent() {
		int before = shedding.hits();
		for (int i = 0; i < 30; i++) {
			HttpResponse<String> answer = gateway.get("/" + SHEDDING + "/" + i);
			assertThat(answer.statusCode()).isEqualTo(503);
			assertThat(answer.body()).as("the instance's own answer").isEqualTo(shedding.body(503));
			assertThat(answer.headers().firstValue(JunctionHeaders.LOAD_SHED)).hasValue("true");
			assertThat(answer.headers().firstValue("Retry-After")).hasValue("30");
		}
		assertThat(shedding.hits() - before).as("one attempt each, none stopped by a breaker").isEqualTo(30);
	}

	@Test
	void aServiceWhoseEveryInstanceAnswers500OpensTheBreakerWhichClosesAgainWhenItRecovers() {
		HttpResponse<String> answer = null;
		for (int i = 0; i < 40 && (answer == null || answer.statusCode() != 503); i++) {
			answer = gateway.get("/" + FAILING + "/" + i);
			if (answer.statusCode() == 500) {
				// the service's own answer, unchanged
				String instance = answer.headers().firstValue("X-Test-Instance").orElseThrow();
				assertThat(answer.body()).isEqualTo("500 from " + instance);
				assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/plain");
			}
			else {
				assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
			}
		}
		assertThat(answer.statusCode()).as("the open breaker's answer").isEqualTo(503);
		assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(answer.headers().firstValue("Retry-After")).isPresent();
		assertThat(answer.body()).contains("circuit-open");
		int attempts = failingOne.hits() + failingTwo.hits();
		assertThat(gateway.get("/" + FAILING + "/open").statusCode()).isEqualTo(503);
		assertThat(failingOne.hits() + failingTwo.hits()).as("requests let through by the open breaker")
			.isEqualTo(attempts);

		failingOne.answer(200, Map.of());
		failingTwo.answer(200, Map.of());
		// after its open time the breaker lets trial requests through, and closes
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> gateway.get("/" + FAILING + "/trial").statusCode() == 200);
		for (int i = 0; i < 20; i++) {
			assertThat(gateway.get("/" + FAILING + "/closed-" + i).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void oneSickInstanceOfTwoDoesNotOpenTheBreaker() {
		int sickBefore = sick.hits();
		int failed = 0;
		for (int i = 0; i < 60; i++) {
			HttpResponse<String> answer = gateway.get("/" + HALF_SICK + "/" + i);
			// the sick instance's own 500s reach the client until outlier
			// detection ejects it (5 in a row); the breaker must never
			// answer for the whole service
			assertThat(answer.statusCode()).as(answer.body()).isIn(200, 500);
			if (answer.statusCode() == 500) {
				failed++;
			}
		}
		assertThat(sick.hits() - sickBefore).as("GETs that met the sick instance").isBetween(1, 10);
		assertThat(failed).as("answers of the sick instance before and after its ejection").isLessThanOrEqualTo(10);
		for (int i = 0; i < 20; i++) {
			assertThat(gateway.get("/" + HALF_SICK + "/after-" + i).statusCode()).isEqualTo(200);
		}
	}

}
