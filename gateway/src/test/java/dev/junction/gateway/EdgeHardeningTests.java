/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import dev.junction.testsupport.RawHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.junction.devconsul.junit.DevConsulExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import java.util.HashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets a clear 4xx (or a closed connection) and never reaches a service; the
 * management side is never reachable on the edge port.
 */
class EdgeHardeningTests {

	private static final String USERS = "sample-user-service";

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	static FakeBackend backend;

	static RunningGateway gateway;

	@BeforeAll
	static void start() {
		backend = FakeBackend.start(consul.baseUrl(), USERS, "v1");
		Map<String, String> properties = new HashMap<>(consul.springProperties());
		properties.put("junction.gateway.edge.read-timeout", "2s");
		properties.put("junction.gateway.edge.request-timeout", "5s");
		properties.put("junction.gateway.edge.max-body-size", "64KB");
		properties.put("server.netty.idle-timeout", "2s");
		gateway = RunningGateway.startReady(properties);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		backend.close();
	}

	@Test
	void actuatorAndProbesAreOnlyOnTheManagementPort() {
		for (String path : new String[] { "/actuator", "/actuator/health", "/actuator/gateway/routes",
				"/actuator/junctionpolicies", "/actuator/junctionoutliers", "/actuator/prometheus", "/readyz",
				"/livez" }) {
			assertThat(gateway.get(path).statusCode()).as(path).isEqualTo(404);
		}
		assertThat(gateway.management("/readyz").statusCode()).isEqualTo(200);
		assertThat(gateway.management("/livez").statusCode()).isEqualTo(200);
		assertThat(gateway.management("/actuator/gateway/routes").body()).contains("sample-user-service");
		HttpResponse<String> refresh = gateway
			.send(HttpRequest.newBuilder(URI.create(managementUrl("/actuator/gateway/refresh")))
				.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(refresh.statusCode()).isNotEqualTo(200);
	}

	@Test
	void refusalsOfWebFluxAreProblemsOnTheEdgeAndOnTheManagementPort() {
		HttpResponse<String> edge = gateway.get("/no-such-route");
		assertThat(edge.statusCode()).isEqualTo(404);
		assertThat(edge.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(edge.body())
			.startsWith("{\"type\":\"https://junction.dev/problems/no-route\",\"title\":\"Not Found\"")
			.contains("No route of this gateway matches");
		assertThat(gateway.get("/index.html").statusCode()).as("a static resource").isEqualTo(404);
		HttpResponse<String> management = gateway.management("/actuator/no-such-endpoint");
		assertThat(management.statusCode()).isEqualTo(404);
		assertThat(management.headers().firstValue("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void encodedTraversalAndAmbiguousPathsAre400AndNeverForwarded() {
		int hits = backend.hits();
		for (String path : new String[] { "/api/users/%2e%2e/%2e%2e/actuator/health", "/api/users/..%2fadmin",
				"/api/users/..;/admin", "/api//users/1", "/api/users/%252e%252e/admin", "/api/users/../admin" }) {
			String answer = RawHttp.get(gateway.port(), null, path);
			assertThat(RawHttp.status(answer)).as(path).isEqualTo(400);
			assertThat(answer).contains("application/problem+json");
		}
		assertThat(backend.hits()).isEqualTo(hits);
	}

	@Test
	void encodedControlCharactersAndInvalidUtf8Are400AndNeverForwarded() {
		int hits = backend.hits();
		for (String path : new String[] { "/api/users/1%0a", "/api/users/1%0D", "/api/users/1%09", "/api/users/1%7f",
				"/api/users/1%00", "/api/users/%c0%ae%c0%ae/admin", "/api/users/%e0%80%af", "/api/users/%ff",
				"/api/users/%c3", "/api/users/%c3%28", "/api/users/%ed%a0%80", "/api/users/1%1b[31m", "/api/users/1%zz",
				"/api/users/1%", "/api/users/1?q=%0d%0aSet-Cookie:x", "/api/users/1?q=%c0%ae" }) {
			String answer = RawHttp.get(gateway.port(), null, path);
			assertThat(RawHttp.status(answer)).as(path).isEqualTo(400);
			assertThat(RawHttp.header(answer, "Content-Type")).as(path).isEqualTo("application/problem+json");
		}
		for (String path : new String[] { "/api/users/%C3%A9l%C3%A8ve", "/api/users/1?q=caf%C3%A9&x=a%20b" }) {
			assertThat(RawHttp.status(RawHttp.get(gateway.port(), null, path))).as(path).isEqualTo(200);
		}
		assertThat(backend.hits()).isEqualTo(hits + 2);
	}

	@Test
	void aHeaderSectionOverTheLimitIs431AndNeverForwarded() {
		int hits = backend.hits();
		String answer = RawHttp.get(gateway.port(), null, "/api/users/1", "X-Big: " + "a".repeat(20_000));
		assertThat(RawHttp.status(answer)).isEqualTo(431);
		assertThat(backend.hits()).isEqualTo(hits);
	}

	@Test
	void aBodyOverTheLimitIs413AndNeverForwardedWhetherDeclaredOrChunked() {
		int hits = backend.hits();
		String declared = RawHttp.exchange(gateway.port(), null,
				"POST /api/users HTTP/1.1\r\nHost: gateway\r\nContent-Type: text/plain\r\nContent-Length: 70000\r\n"
						+ "Connection: close\r\n\r\n");
		assertThat(RawHttp.status(declared)).isEqualTo(413);
		String chunk = "x".repeat(10_000);
		StringBuilder chunked = new StringBuilder(
				"POST /api/users HTTP/1.1\r\nHost: gateway\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
		// 70 KB and no end: all of it is read, so the gateway's close is not a reset
		for (int i = 0; i < 7; i++) {
			chunked.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
		}
		String answer = RawHttp.exchange(gateway.port(), null, chunked.toString());
		assertThat(RawHttp.status(answer)).isEqualTo(413);
		assertThat(answer).contains("application/problem+json");
		assertThat(backend.hits()).isEqualTo(hits);
		HttpResponse<String> small = gateway
			.send(gateway.request(url("/api/users")).POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ada\"}")));
		assertThat(small.statusCode()).isEqualTo(200);
		assertThat(backend.lastBody()).asString().isEqualTo("{\"name\":\"ada\"}");
	}

	@Test
	void aCorrelationIdThatBreaksTheRuleIsReplacedAndASaneOneKept() {
		String tooLong = "a".repeat(300);
		RawHttp.get(gateway.port(), null, "/api/users/1", "X-Correlation-Id: " + tooLong);
		String replaced = backend.lastHeaders().getFirst("X-Correlation-Id");
		assertThat(replaced).isNotEqualTo(tooLong).matches("[A-Za-z0-9._:-]{1,128}");
		RawHttp.get(gateway.port(), null, "/api/users/1", "X-Correlation-Id: order 42; forged=yes");
		assertThat(backend.lastHeaders().getFirst("X-Correlation-Id")).isNotEqualTo(replaced)
			.matches("[A-Za-z0-9._:-]{1,128}");
		RawHttp.get(gateway.port(), null, "/api/users/1");
		assertThat(backend.lastHeaders().getFirst("X-Correlation-Id")).as("the edge gives every request an id")
			.matches("[A-Za-z0-9._:-]{1,128}");
		RawHttp.get(gateway.port(), null, "/api/users/1", "X-Correlation-Id: order-42");
		assertThat(backend.lastHeaders().get("X-Correlation-Id")).containsExactly("order-42");
	}

	@Test
	void theHeadersTheGatewayAddsStayWithinTheMarginTheReadmeGivesTheServices() {
		// the shortest Host and no Accept or User-Agent: what the gateway adds or
		// replaces then grows the header section the most
		String[] sent = { "Host: a", "X-Pad: " + "p".repeat(8000) };
		String answer = RawHttp.exchange(gateway.port(), null,
				"GET /api/users/1 HTTP/1.1\r\n" + String.join("\r\n", sent) + "\r\nConnection: close\r\n\r\n");
		assertThat(RawHttp.status(answer)).isEqualTo(200);
		int sentBytes = 0;
		for (String line : sent) {
			sentBytes += line.length() + 2;
		}
		int receivedBytes = 0;
		StringBuilder received = new StringBuilder();
		for (var header : backend.lastHeaders().entrySet()) {
			for (String value : header.getValue()) {
				receivedBytes += header.getKey().length() + 2 + value.length() + 2;
				if (!header.getKey().equalsIgnoreCase("X-Pad")) {
					received.append(header.getKey()).append(": ").append(value).append("; ");
				}
			}
		}
		// README: services accept the edge's 16 KB plus a 1 KB margin
		System.out.println("The gateway added " + (receivedBytes - sentBytes) + " bytes: " + received);
		assertThat(receivedBytes - sentBytes).as("bytes the gateway added: " + received).isLessThanOrEqualTo(1024);
		String host = "h".repeat(256);
		String longer = RawHttp.exchange(gateway.port(), null,
				"GET /api/users/1 HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
		assertThat(RawHttp.status(longer)).isEqualTo(400);
	}

	@Test
	void hopByHopAndForgedForwardingHeadersAreNotPassedOn() {
		String answer = RawHttp.get(gateway.port(), null, "/api/users/1", "Keep-Alive: timeout=5",
				"Proxy-Authorization: Basic c2VjcmV0", "TE: trailers", "X-Hop: secret", "Connection: X-Hop",
				"X-Forwarded-For: 6.6.6.6", "x-forwarded-host: forged", "Forwarded: for=6.6.6.6", "X-Kept: yes",
				"X-Twice: one", "x-twice: two");
		assertThat(RawHttp.status(answer)).isEqualTo(200);
		assertThat(backend.lastHeaders().keySet()).map((name) -> name.toLowerCase(Locale.ROOT))
			.doesNotContainAnyElementsOf(Set.of("keep-alive", "proxy-authorization", "te", "x-hop", "connection",
					"x-forwarded-for", "x-forwarded-host", "forwarded"));
		assertThat(backend.lastHeaders().getFirst("X-Kept")).isEqualTo("yes");
		// one header sent in two spellings is passed on once, with both values
		assertThat(backend.lastHeaders().get("X-Twice")).containsExactly("one", "two");
	}

	@Test
	void expressionsInRequestsStayText() {
		HttpResponse<String> answer = gateway.get("/api/users/1", "X-Canary", "#{T(java.lang.System).exit(1)}",
				"X-User-Id", "${java.home}#{1+1}");
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(backend.lastHeaders().getFirst("X-Canary")).isEqualTo("#{T(java.lang.System).exit(1)}");
	}

	@Test
	void aClientThatStopsSendingItsHeadersOrItsBodyIsDisconnected() {
		int hits = backend.hits();
		Duration headers = RawHttp.timeToCloseAfterPartialRequest(gateway.port(),
				"GET /api/users/1 HTTP/1.1\r\nHost: gateway\r\nX-Slow: ", Duration.ofSeconds(30));
		assertThat(headers).as("the gateway closes a connection whose headers stall").isNotNull();
		Duration body = RawHttp.timeToCloseAfterPartialRequest(gateway.port(),
				"POST /api/users HTTP/1.1\r\nHost: gateway\r\nContent-Length: 100\r\n\r\nonly ten b",
				Duration.ofSeconds(30));
		assertThat(body).as("the gateway closes a connection whose body stalls").isNotNull();
		assertThat(backend.hits() - hits).as("stalled requests that reached the service").isLessThanOrEqualTo(1);
	}

	@Test
	void aClientThatTricklesItsHeadersByteByByteIsDisconnectedLikeOneThatStalls() {
		int hits = backend.hits();
		// a byte every 500 ms: never silent for the 2 s idle timeout, never done either.
		// Partial headers do not count as activity: the idle timer watches for whole
		// requests (Reactor Netty places it behind the HTTP decoder).
		Duration closedAfter = RawHttp.timeToCloseWhileTrickling(gateway.port(),
				"GET /api/users/1 HTTP/1.1\r\nHost: gateway\r\nX-Slow: ", Duration.ofMillis(500),
				Duration.ofSeconds(30));
		assertThat(closedAfter).as("the gateway closes a connection whose headers trickle in").isNotNull();
		assertThat(closedAfter).as("time until closed, idle timeout 2 s").isLessThan(Duration.ofSeconds(10));
		assertThat(backend.hits()).isEqualTo(hits);
	}

	@Test
	void aClientThatTricklesItsBodyByteByByteIsDisconnectedAfterTheRequestTimeout() {
		// a byte every 500 ms: never silent for the
		// 2 s read timeout, but never done within
		// the 5 s request timeout
		Duration closedAfter = RawHttp.timeToCloseWhileTrickling(gateway.port(),
				"POST /api/users HTTP/1.1\r\nHost: gateway\r\nContent-Type: text/plain\r\n"
						+ "Content-Length: 60000\r\n\r\n",
				Duration.ofMillis(500), Duration.ofSeconds(30));
		assertThat(closedAfter).as("the gateway closes a connection whose body trickles in").isNotNull();
		assertThat(closedAfter).as("time until closed, request timeout 5 s").isLessThan(Duration.ofSeconds(15));
	}

	@Test
	void prometheusOnTheManagementPortShowsRequestsPerRouteServiceVersionAndOutcome() {
		assertThat(gateway.get("/api/users/42").statusCode()).isEqualTo(200);
		HttpResponse<String> scrape = gateway.management("/actuator/prometheus");
		assertThat(scrape.statusCode()).isEqualTo(200);
		assertThat(scrape.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
		assertThat(
				scrape.body().lines().filter((line) -> line.startsWith("spring_cloud_gateway_requests_seconds_count{")))
			.anySatisfy((line) -> assertThat(line).contains("routeId=\"sample-user-service\"")
				.contains("service=\"sample-user-service\"")
				.contains("version=\"v1\"")
				.contains("outcome=\"SUCCESSFUL\"")
				.contains("status=\"OK\""));
		assertThat(gateway.get("/actuator/prometheus").statusCode()).as("on the edge port").isEqualTo(404);
	}

	@Test
	void requestMetricsKeepABoundedSetOfTagValuesWhateverClientsSend() {
		for (int i = 0; i < 30; i++) {
			gateway.send(gateway.request(url("/api/users/" + i + "/x" + i))
				.method("M" + i, HttpRequest.BodyPublishers.noBody()));
		}
		String metric = gateway.management("/actuator/metrics/spring.cloud.gateway.requests").body();
		assertThat(metric).contains("\"httpMethod\"").contains("OTHER").doesNotContain("\"M1\"");
		assertThat(metric).doesNotContain("/api/users/1").contains("\"version\"").contains("\"service\"");
	}

	private static String url(String path) {
		return "http://127.0.0.1:" + gateway.port() + path;
	}

	private static String managementUrl(String path) {
		return "http://127.0.0.1:" + gateway.managementPort() + path;
	}

}
