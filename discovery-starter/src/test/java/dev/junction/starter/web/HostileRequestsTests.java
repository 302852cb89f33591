/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.starter.CorrelationIds;
import dev.junction.starter.JunctionHeaders;
import dev.junction.starter.TestApps;
import dev.junction.testsupport.RawHttpExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * What a careless or hostile client can send a servlet app with the starter, over real
 * HTTP: every answer is right, and every error an {@code application/problem+json} body,
 * including the ones Tomcat writes itself.
 */
class HostileRequestsTests {

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	static ConfigurableApplicationContext app;

	static String base;

	private static final JsonMapper json = JsonMapper.builder().build();

	@BeforeAll
	static void start() {
		app = TestApps.start(WebApplicationType.SERVLET, InboundApps.Servlet.class, consul.springProperties(),
				"spring.application.name=inbound", "spring.cloud.consul.discovery.register=false");
		base = "http://127.0.0.1:" + TestApps.port(app);
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void aSaneCorrelationIdIsKept() throws IOException {
		JsonNode context = context("checkout-9.A_b:c");
		assertThat(context.get("correlationId").asString()).isEqualTo("checkout-9.A_b:c");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("insaneCorrelationIds")
	void anInsaneCorrelationIdIsReplacedWithAFreshSaneOne(String what, String correlationId) throws IOException {
		String kept = context(correlationId).get("correlationId").asString();
		assertThat(kept).isNotEqualTo(correlationId);
		assertThat(CorrelationIds.isAcceptable(kept)).as("%s is acceptable", kept).isTrue();
	}

	static Stream<Arguments> insaneCorrelationIds() {
		return Stream.of(arguments("300 characters", "c".repeat(300)), arguments("129 characters", "c".repeat(129)),
				arguments("a quote", "abc\"def"), arguments("a space", "abc def"), arguments("non-ASCII", "caf\u00e9"));
	}

	@Test
	void aReactiveAppReplacesAnInsaneCorrelationIdToo() throws IOException {
		try (ConfigurableApplicationContext reactive = TestApps.start(WebApplicationType.REACTIVE,
				InboundApps.Reactive.class, consul.springProperties(), "spring.application.name=inbound-reactive",
				"spring.cloud.consul.discovery.register=false")) {
			String sent = "c".repeat(300);
			HttpResponse<String> response = TestApps.get(reactive, "/context", JunctionHeaders.CORRELATION_ID, sent,
					JunctionHeaders.VERSION, "v2\"");
			JsonNode context = json.readTree(response.body());
			assertThat(context.get("correlationId").asString()).isNotEqualTo(sent)
				.matches(CorrelationIds::isAcceptable);
			assertThat(context.get("version").isNull()).isTrue();
		}
	}

	@Test
	void anAppThatRelaxesStrictJsonStillRefusesControlCharacters() throws IOException {
		try (ConfigurableApplicationContext relaxed = TestApps.start(WebApplicationType.SERVLET,
				InboundApps.Servlet.class, consul.springProperties(), "spring.application.name=inbound-relaxed",
				"spring.cloud.consul.discovery.register=false", "junction.web.strict-json=false")) {
			String items = "http://127.0.0.1:" + TestApps.port(relaxed) + "/items";
			assertThat(TestApps.postJson(items, """
					{"name": "a", "quantity": "2", "tags": []}""").statusCode()).isEqualTo(200);
			assertThat(TestApps.postJson(items, """
					{"name": "a\\u0000", "quantity": 2, "tags": []}""").statusCode()).isEqualTo(400);
		}
	}

	@Test
	void anInsaneVersionIsDroppedAndASaneOneKept() throws IOException {
		assertThat(context("c-1", JunctionHeaders.VERSION, "v2").get("version").asString()).isEqualTo("v2");
		assertThat(context("c-1", JunctionHeaders.VERSION, "v".repeat(200)).get("version").isNull()).isTrue();
		assertThat(context("c-1", JunctionHeaders.VERSION, "v2;drop").get("version").isNull()).isTrue();
	}

	@Test
	void aWellFormedBodyIsRead() throws IOException {
		HttpResponse<String> response = TestApps.postJson(base + "/items", """
				{"name": "tab\\tand\\nnew line", "quantity": 2, "tags": ["a"]}""");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json.readTree(response.body()).get("name").asString()).isEqualTo("tab\tand\nnew line");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("sloppyBodies")
	void aSloppyBodyIsAProblemNamingTheField(String what, String body, String field) throws IOException {
		HttpResponse<String> response = TestApps.postJson(base + "/items", body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(json.readTree(response.body()).get("errors").has(field)).as(response.body()).isTrue();
	}

	static Stream<Arguments> sloppyBodies() {
		return Stream.of(arguments("a fraction for a whole number", """
				{"name": "a", "quantity": 1.5, "tags": []}""", "quantity"), arguments("a string for a number", """
				{"name": "a", "quantity": "2", "tags": []}""", "quantity"), arguments("a number for a string", """
				{"name": 7, "quantity": 2, "tags": []}""", "name"), arguments("a duplicate member", """
				{"name": "a", "quantity": 2, "quantity": 3, "tags": []}""", "quantity"),
				arguments("a NUL character", """
						{"name": "a\\u0000b", "quantity": 2, "tags": []}""", "name"),
				arguments("an escape character", """
						{"name": "a\\u001b[31m", "quantity": 2, "tags": []}""", "name"),
				arguments("a NUL character in a list", """
						{"name": "a", "quantity": 2, "tags": ["ok", "\\u0000"]}""", "tags[1]"));
	}

	@Test
	void aHeaderSectionTheEdgeLetsThroughIsAccepted() {
		RawHttpExchange answer = RawHttpExchange.get(TestApps.port(app), "/context",
				"X-Filler: " + "f".repeat(15 * 1024));
		assertThat(answer.status()).as(answer.head()).isEqualTo(200);
	}

	@Test
	void aHeaderSectionBeyondTheLimitIsA431Problem() {
		RawHttpExchange answer = RawHttpExchange.get(TestApps.port(app), "/context",
				"X-Filler: " + "f".repeat(40 * 1024));
		assertTomcatsOwnErrorIsAProblem(answer);
		assertThat(answer.status()).isEqualTo(431);
	}

	@Test
	void aBrokenRequestLineIsAProblem() {
		assertTomcatsOwnErrorIsAProblem(RawHttpExchange.send(TestApps.port(app),
				"GET /con{text}<x> HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
	}

	@Test
	void anEncodedNulInThePathIsAProblem() {
		assertTomcatsOwnErrorIsAProblem(RawHttpExchange.get(TestApps.port(app), "/con%00text"));
	}

	@Test
	void aHeaderWithAControlCharacterIsAProblem() {
		assertTomcatsOwnErrorIsAProblem(RawHttpExchange.get(TestApps.port(app), "/context", "X-Bad: a\u0001b"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("mvcErrors")
	void errorsOfSpringMvcAndTheContainerAreProblems(String what, String request, int status) {
		RawHttpExchange answer = RawHttpExchange.send(TestApps.port(app), request);
		assertThat(answer.status()).as(answer.head()).isEqualTo(status);
		assertThat(answer.header("Content-Type")).as(answer.head()).startsWith("application/problem+json");
		assertThat(answer.body()).contains("\"status\":" + status);
	}

	static Stream<Arguments> mvcErrors() {
		String end = "Host: localhost\r\nConnection: close\r\n";
		return Stream.of(arguments("unknown path", "GET /nowhere HTTP/1.1\r\n" + end + "\r\n", 404),
				arguments("method not allowed", "DELETE /items HTTP/1.1\r\n" + end + "\r\n", 405),
				arguments("unsupported media type",
						"POST /items HTTP/1.1\r\n" + end + "Content-Type: text/plain\r\nContent-Length: 1\r\n\r\nx",
						415),
				arguments("not acceptable", "GET /context HTTP/1.1\r\n" + end + "Accept: image/png\r\n\r\n", 406),
				arguments("a failure of the app", "GET /failure HTTP/1.1\r\n" + end + "\r\n", 500));
	}

	private static void assertTomcatsOwnErrorIsAProblem(RawHttpExchange answer) {
		assertThat(answer.status()).as(answer.head()).isBetween(400, 499);
		assertThat(answer.header("Content-Type")).as(answer.head()).startsWith("application/problem+json");
		JsonNode problem = json.readTree(answer.body());
		assertThat(problem.get("status").asInt()).isEqualTo(answer.status());
		assertThat(problem.get("title").asString()).isNotBlank();
	}

	private static JsonNode context(String correlationId, String... headers) throws IOException {
		String[] all = new String[headers.length + 2];
		all[0] = JunctionHeaders.CORRELATION_ID;
		all[1] = correlationId;
		System.arraycopy(headers, 0, all, 2, headers.length);
		HttpResponse<String> response = TestApps.get(base + "/context", all);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

}
