/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import dev.junction.testsupport.RawHttp;
import java.time.Duration;
import java.util.Map;

import dev.junction.devconsul.junit.DevConsulExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import java.util.HashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the HTTP server refuses before any route is looked up (a request it cannot parse,
 * a request line or header section over the limits, broken chunked framing) is answered
 * like every other refusal of the gateway, with an {@code application/problem+json}; a
 * client that stops sending its body gets a {@code 408} problem, and none of it is logged
 * at ERROR with a stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProtocolErrorTests {

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	static FakeBackend backend;

	static RunningGateway gateway;

	@BeforeAll
	static void start() {
		backend = FakeBackend.start(consul.baseUrl(), "sample-user-service", "v1");
		Map<String, String> properties = new HashMap<>(consul.springProperties());
		properties.put("junction.gateway.edge.read-timeout", "1s");
		properties.put("junction.gateway.edge.request-timeout", "3s");
		gateway = RunningGateway.startReady(properties);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		backend.close();
	}

	@Test
	void requestsTheServerCannotParseAreAnsweredWithAProblem() {
		int hits = backend.hits();
		Map<String, Integer> requests = Map.of(
				// request line
				"GET /api/users/1 HTTP/1.1 extra\r\nHost: gateway\r\n\r\n", 400,
				"GET /api/users/1\\..\\x HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n", 400,
				"GET /api/users/" + "a".repeat(5000) + " HTTP/1.1\r\nHost: gateway\r\n\r\n", 414,
				// header section
				"GET /api/users/1 HTTP/1.1\r\nHost: gateway\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n", 431,
				"GET /api/users/1 HTTP/1.1\r\nHost: gateway\r\nBad Name: x\r\n\r\n", 400,
				// framing
				"POST /api/users HTTP/1.1\r\nHost: gateway\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
				400, "POST /api/users HTTP/1.1\r\nHost: gateway\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
				400);
		requests.forEach((request, status) -> {
			String answer = RawHttp.exchange(gateway.port(), null, request);
			String what = request.substring(0, Math.min(60, request.length()));
			assertThat(RawHttp.status(answer)).as(what).isEqualTo(status);
			assertThat(RawHttp.header(answer, "Content-Type")).as(what).isEqualTo("application/problem+json");
			assertThat(RawHttp.body(answer)).as(what)
				.startsWith("{\"type\":\"https://junction.dev/problems/")
				.contains("\"status\":" + status);
		});
		assertThat(backend.hits()).isEqualTo(hits);
	}

	@Test
	void aBodyThatStallsIsAnswered408AndLoggedOnceWithoutAStackTrace(CapturedOutput output) {
		int hits = backend.hits();
		String answer = RawHttp.exchange(gateway.port(), null,
				"POST /api/users HTTP/1.1\r\nHost: gateway\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n"
						+ "only ten b");
		if (!answer.isEmpty()) {
			assertThat(RawHttp.status(answer)).isEqualTo(408);
			assertThat(RawHttp.header(answer, "Content-Type")).isEqualTo("application/problem+json");
		}
		assertThat(backend.hits() - hits).as("stalled requests that reached the service").isLessThanOrEqualTo(1);
		assertThat(output).doesNotContain("ERROR").doesNotContain("\tat ");
	}

	@Test
	void aBodyThatTricklesPastTheRequestTimeoutIsClosedWithoutAnErrorInTheLog(CapturedOutput output) {
		Duration closedAfter = RawHttp.timeToCloseWhileTrickling(gateway.port(),
				"POST /api/users HTTP/1.1\r\nHost: gateway\r\nContent-Type: text/plain\r\nContent-Length: 60000\r\n\r\n",
				Duration.ofMillis(300), Duration.ofSeconds(20));
		assertThat(closedAfter).isNotNull();
		assertThat(output).doesNotContain("ERROR").doesNotContain("\tat ");
	}

}
