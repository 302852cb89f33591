/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import dev.junction.testsupport.RawHttp;
import java.util.ArrayList;
import java.util.List;

import dev.junction.devconsul.junit.DevConsulExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests a client sends back to back on one connection without waiting for the answers
 * (HTTP/1.1 pipelining) are each answered with their own answer, in order; none is
 * dropped after it reached a service, and no body is mixed with another's. Reactor Netty
 * 1.3.8 answered most pipelined POSTs 500 ({@code IllegalReferenceCountException}) and
 * dropped every pipelined request after the first when the last one said
 * {@code Connection: close}.
 */
@ExtendWith(OutputCaptureExtension.class)
class PipeliningTests {

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	static FakeBackend users;

	static FakeBackend orders;

	static RunningGateway gateway;

	@BeforeAll
	static void start() {
		users = FakeBackend.start(consul.baseUrl(), "sample-user-service", "v1");
		orders = FakeBackend.start(consul.baseUrl(), "sample-order-service", "v1");
		gateway = RunningGateway.startReady(consul.springProperties());
	}

	@AfterAll
	static void stop() {
		gateway.close();
		users.close();
		orders.close();
	}

	@Test
	void twentyPipelinedPostsAreEachAnsweredWithTheirOwnBody(CapturedOutput output) {
		int hits = orders.hits();
		StringBuilder requests = new StringBuilder();
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			String body = "{\"product\":\"p" + i + "\",\"quantity\":" + (i + 1) + "}";
			requests.append(request("POST", "/api/orders", body, false));
			expected.add("POST /api/orders " + body);
		}
		assertThat(bodies(RawHttp.pipeline(gateway.port(), requests.toString(), 20))).isEqualTo(expected);
		assertThat(orders.hits() - hits).isEqualTo(20);
		assertThat(output).doesNotContain("IllegalReferenceCountException");
	}

	@Test
	void pipelinedGetsWhoseLastSaysConnectionCloseAreAllAnswered() {
		int hits = users.hits();
		StringBuilder requests = new StringBuilder();
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			requests.append(request("GET", "/api/users/" + i, null, i == 19));
			expected.add("GET /api/users/" + i + " ");
		}
		assertThat(bodies(RawHttp.pipeline(gateway.port(), requests.toString(), 21))).isEqualTo(expected);
		assertThat(users.hits() - hits).isEqualTo(20);
	}

	@Test
	void pipelinedMixesOfMethodsAndRoutesAreAnsweredInOrder() {
		int hits = users.hits() + orders.hits();
		StringBuilder requests = new StringBuilder();
		List<String> expected = new ArrayList<>();
		String[] methods = { "GET", "POST", "PUT", "DELETE" };
		for (int i = 0; i < 20; i++) {
			String method = methods[i % 4];
			String path = ((i % 3 == 0) ? "/api/orders/" : "/api/users/") + i;
			String body = (method.equals("POST") || method.equals("PUT")) ? "{\"n\":" + i + "}" : null;
			requests.append(request(method, path, body, false));
			expected.add(method + " " + path + " " + ((body != null) ? body : ""));
		}
		assertThat(bodies(RawHttp.pipeline(gateway.port(), requests.toString(), 20))).isEqualTo(expected);
		assertThat(users.hits() + orders.hits() - hits).isEqualTo(20);
	}

	@Test
	void pipelinedRequestsMixingRefusalsAndRoutedOnesGetTheirOwnAnswers() {
		String requests = request("GET", "/api/users/1", null, false) + request("GET", "/api//users/2", null, false)
				+ request("GET", "/no-such-route", null, false) + request("POST", "/api/users", "{\"n\":4}", false)
				+ request("GET", "/api/users/5", null, true);
		List<String> answers = RawHttp.pipeline(gateway.port(), requests, 6);
		assertThat(answers).extracting(RawHttp::status).containsExactly(200, 400, 404, 200, 200);
		assertThat(bodies(answers)).element(3).isEqualTo("POST /api/users {\"n\":4}");
		assertThat(bodies(answers)).element(4).isEqualTo("GET /api/users/5 ");
	}

	@Test
	void anHttp10KeepAliveRequestIsToldTheConnectionStaysOpenOrItIsClosed() {
		String request = "GET /api/users/1 HTTP/1.0\r\nHost: gateway\r\nConnection: keep-alive\r\n" + FakeBackend.ECHO
				+ ": yes\r\n\r\n";
		List<String> answers = RawHttp.pipeline(gateway.port(), request + request, 3);
		assertThat(answers).isNotEmpty();
		assertThat(answers).allSatisfy((answer) -> assertThat(RawHttp.status(answer)).isEqualTo(200));
		if (answers.size() > 1) {
			assertThat(RawHttp.header(answers.get(0), "Connection")).isEqualToIgnoringCase("keep-alive");
		}
		else {
			assertThat(RawHttp.header(answers.get(0), "Connection")).isEqualToIgnoringCase("close");
		}
	}

	private static String request(String method, String path, String body, boolean close) {
		StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: gateway\r\n")
			.append(FakeBackend.ECHO)
			.append(": yes\r\n");
		if (body != null) {
			request.append("Content-Type: application/json\r\nContent-Length: ").append(body.length()).append("\r\n");
		}
		if (close) {
			request.append("Connection: close\r\n");
		}
		return request.append("\r\n").append((body != null) ? body : "").toString();
	}

	private static List<String> bodies(List<String> answers) {
		return answers.stream().map(RawHttp::body).toList();
	}

}
