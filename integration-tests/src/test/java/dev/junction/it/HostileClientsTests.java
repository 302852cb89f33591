/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.AppInstance;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.RawHttp;
import dev.junction.testsupport.RedisNamespaceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

import static dev.junction.it.Deployment.ORDER_SERVICE;
import static dev.junction.it.Deployment.USER_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and careless clients against the packaged gateway and sample services (real
 * processes, PostgreSQL, Redis, RabbitMQ): pipelined mixes of methods, malformed
 * correlation ids and idempotency keys, control characters in every text field, header
 * sections around the limits, slow bodies and encoded control characters in paths. Every
 * answer is a 2xx the request deserved or a 4xx {@code application/problem+json}, never a
 * 5xx; a refused request writes nothing; no app logs an ERROR with a stack trace.
 */
class HostileClientsTests {

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	@RegisterExtension
	static PostgresDatabaseExtension usersDatabase = new PostgresDatabaseExtension();

	@RegisterExtension
	static PostgresDatabaseExtension ordersDatabase = new PostgresDatabaseExtension();

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	static AppInstance userService;

	static AppInstance orderService;

	static AppInstance gateway;

	static long userId;

	@BeforeAll
	static void deploy() {
		Deployment deployment = new Deployment(consul, usersDatabase, ordersDatabase, redis, rabbit,
				rabbit.springProperties());
		// one after the other: three JVMs starting at once can take longer than the
		// start-up limit on a busy 2-core machine
		userService = deployment.startUserService("user-v1", "v1").awaitReady();
		orderService = deployment.startOrderService("order").awaitReady();
		gateway = deployment.startGateway("gateway",
				Map.of("junction.gateway.edge.read-timeout", "1s", "junction.gateway.edge.request-timeout", "3s",
						"junction.gateway.rate-limit.enabled", "false",
						"junction.gateway.policies." + USER_SERVICE + ".canary-weight", "0"));
		gateway.awaitReady();
		AgentCatalog catalog = new AgentCatalog(consul);
		catalog.awaitPassing(USER_SERVICE, userService);
		catalog.awaitPassing(ORDER_SERVICE, orderService);
		userId = SampleApi.createUser(userService, "hostile-" + UUID.randomUUID());
	}

	@AfterAll
	static void stop() {
		AppInstance.closeAll(gateway, orderService, userService);
	}

	@Test
	void pipelinedMixesOfMethodsAreEachAnsweredAndWriteOnlyWhatWasAccepted() throws Exception {
		Answers answers = new Answers();
		for (boolean closeLast : new boolean[] { false, true }) {
			for (int connection = 0; connection < 3; connection++) {
				StringBuilder requests = new StringBuilder();
				List<String> sent = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					String request = mixed(i, closeLast && i == 19);
					requests.append(request);
					sent.add(request.substring(0, request.indexOf(" HTTP/1.1")));
				}
				List<String> got = RawHttp.pipeline(gateway.port(), requests.toString(), 20);
				answers.expect("pipelined connection " + connection + (closeLast ? " (close last)" : ""), 20,
						got.size());
				for (int i = 0; i < got.size(); i++) {
					answers.check(sent.get(i), got.get(i));
				}
			}
		}
		answers.assertRowsMatch();
		answers.assertAllDeserved();
	}

	@Test
	void malformedCorrelationIdsAndIdempotencyKeysAreRefusedOrIgnoredNeverFailed() throws Exception {
		Answers answers = new Answers();
		String[] values = { "x".repeat(300), "x".repeat(5000), "a\u0001b", "a\tb", "\u00e9t\u00e9", "  ", "a,b",
				"../" };
		for (String value : values) {
			for (String header : new String[] { "X-Correlation-Id", "Idempotency-Key" }) {
				String what = "POST /api/orders with " + header + " of " + value.length() + " chars";
				answers.check(what, RawHttp.exchange(gateway.port(), null,
						request("POST", "/api/orders", order("coffee"), header + ": " + value, "Connection: close")));
				answers.check("GET /api/users/{id} with " + header, RawHttp.exchange(gateway.port(), null,
						request("GET", "/api/users/" + userId, null, header + ": " + value, "Connection: close")));
			}
		}
		answers.assertRowsMatch();
		answers.assertAllDeserved();
	}

	@Test
	void controlCharactersInEveryTextFieldAreRefusedOrStoredNeverFailed() throws Exception {
		Answers answers = new Answers();
		String[] evil = { "\\u0000", "a\\u0000b", "\\u0007", "\\u001b[31m", "a\\r\\nb", "\\u007f", "\\ud800" };
		for (String text : evil) {
			String unique = UUID.randomUUID().toString().substring(0, 8);
			answers.check("POST /api/users name " + text, RawHttp.exchange(gateway.port(), null, request("POST",
					"/api/users", user("n" + text + unique, unique + "@example.org"), "Connection: close")));
			answers.check("POST /api/users email " + text, RawHttp.exchange(gateway.port(), null, request("POST",
					"/api/users", user("n" + unique, unique + text + "@example.org"), "Connection: close")));
			answers.check("PUT /api/users/{id} name " + text, RawHttp.exchange(gateway.port(), null, request("PUT",
					"/api/users/" + userId, user("n" + text, "put" + unique + "@example.org"), "Connection: close")));
			answers.check("POST /api/orders product " + text, RawHttp.exchange(gateway.port(), null,
					request("POST", "/api/orders", order("p" + text), "Connection: close")));
		}
		answers.assertRowsMatch();
		answers.assertAllDeserved();
	}

	@Test
	void headerSectionsUpToTheEdgeLimitAreServedAndLargerOnesRefusedWith431() {
		Answers answers = new Answers();
		for (int kilobytes : new int[] { 7, 9, 15, 17 }) {
			String padding = "X-Pad: " + "p".repeat(kilobytes * 1024 - 200);
			for (String path : new String[] { "/api/users/" + userId, "/api/orders/" + UUID.randomUUID() }) {
				String answer = RawHttp.exchange(gateway.port(), null,
						request("GET", path, null, padding, "Connection: close"));
				answers.check(kilobytes + " KB header section, GET " + path, answer);
				int status = RawHttp.status(answer);
				if (kilobytes < 16) {
					answers.expect(kilobytes + " KB served, GET " + path, true, status == 200 || status == 404);
				}
				else {
					answers.expect(kilobytes + " KB refused, GET " + path, 431, status);
				}
			}
		}
		answers.assertAllDeserved();
	}

	@Test
	void slowBodiesOnEveryRouteAreAnswered408OrClosedAndWriteNothing() throws Exception {
		Answers answers = new Answers();
		for (String[] target : new String[][] { { "POST", "/api/users" }, { "PUT", "/api/users/" + userId },
				{ "POST", "/api/orders" } }) {
			String start = target[0] + " " + target[1] + " HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json"
					+ "\r\nContent-Length: 200\r\nConnection: close\r\n\r\n{\"name\":";
			String answer = RawHttp.exchange(gateway.port(), null, start);
			if (!answer.isEmpty()) {
				answers.check("stalled body, " + target[0] + " " + target[1], answer);
				answers.expect("stalled body answered 408, " + target[0] + " " + target[1], 408,
						RawHttp.status(answer));
			}
		}
		answers.assertRowsMatch();
		answers.assertAllDeserved();
	}

	@Test
	void encodedControlCharactersInPathsAreRefusedAtTheEdge() {
		Answers answers = new Answers();
		for (String route : new String[] { "/api/users/", "/api/orders/" }) {
			for (String tail : new String[] { "1%0a", "1%0d", "1%09", "1%7f", "1%00", "%c0%ae%c0%ae", "%ff", "1%1b",
					"1?q=%0d%0a", "1?q=%c0%ae" }) {
				String answer = RawHttp.get(gateway.port(), null, route + tail);
				answers.check("GET " + route + tail, answer);
				answers.expect("refused at the edge, GET " + route + tail, 400, RawHttp.status(answer));
			}
		}
		answers.assertAllDeserved();
	}

	@Test
	void noAppLogsAnErrorWithAStackTrace() throws Exception {
		// after the other tests of the class, whatever their order: run them all first
		pipelinedMixesOfMethodsAreEachAnsweredAndWriteOnlyWhatWasAccepted();
		slowBodiesOnEveryRouteAreAnswered408OrClosedAndWriteNothing();
		List<String> errors = new ArrayList<>();
		for (AppInstance app : List.of(gateway, userService, orderService)) {
			LogErrors.withStackTrace(app.log()).forEach((error) -> errors.add(app.name() + ": " + error));
		}
		assertThat(errors).as("ERROR lines with a stack trace").isEmpty();
	}

	private static String mixed(int i, boolean close) {
		String unique = UUID.randomUUID().toString().substring(0, 8);
		String connection = close ? "Connection: close" : "X-Keep: 1";
		return switch (i % 5) {
			case 0 -> request("GET", "/api/users/" + userId, null, connection);
			case 1 -> request("POST", "/api/users", user("p" + unique, unique + "@example.org"), connection);
			case 2 -> request("PUT", "/api/users/" + userId, user("put" + unique, "put" + unique + "@example.org"),
					connection);
			case 3 -> request("DELETE", "/api/users/" + userId, null, connection);
			default -> request("POST", "/api/orders", order("coffee"), connection);
		};
	}

	static String request(String method, String path, String body, String... headers) {
		StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: gateway\r\n");
		for (String header : headers) {
			request.append(header).append("\r\n");
		}
		if (body != null) {
			request.append("Content-Type: application/json\r\nContent-Length: ")
				.append(body.getBytes(StandardCharsets.UTF_8).length)
				.append("\r\n");
		}
		return request.append("\r\n").append((body != null) ? body : "").toString();
	}

	private static String user(String name, String email) {
		return "{\"name\":\"" + name + "\",\"email\":\"" + email + "\"}";
	}

	private static String order(String product) {
		return "{\"userId\":" + userId + ",\"product\":\"" + product + "\",\"quantity\":1}";
	}

	/**
	 * The answers of one test and what they may write: a {@code 201} to
	 * {@code POST /api/users} or {@code /api/orders} adds one row, nothing else adds any.
	 */
	static final class Answers {

		private final List<String> violations = new ArrayList<>();

		private final long usersBefore;

		private final long ordersBefore;

		private int usersCreated;

		private int ordersCreated;

		Answers() {
			this.usersBefore = count(usersDatabase, "users");
			this.ordersBefore = count(ordersDatabase, "orders");
		}

		void check(String request, String answer) {
			if (answer.isEmpty()) {
				return;
			}
			int status = RawHttp.status(answer);
			String type = RawHttp.header(answer, "Content-Type");
			if (status >= 500 || status < 200
					|| (status >= 400 && (type == null || !type.startsWith("application/problem+json")))) {
				String body = RawHttp.body(answer);
				this.violations.add(
						request + " -> " + status + " " + type + " " + body.substring(0, Math.min(200, body.length())));
			}
			if (status == 201 && request.startsWith("POST /api/users")) {
				this.usersCreated++;
			}
			if (status == 201 && request.startsWith("POST /api/orders")) {
				this.ordersCreated++;
			}
		}

		void expect(String what, Object expected, Object actual) {
			if (!expected.equals(actual)) {
				this.violations.add(what + ": expected " + expected + " but was " + actual);
			}
		}

		void assertRowsMatch() {
			expect("user rows written", this.usersCreated, (int) (count(usersDatabase, "users") - this.usersBefore));
			expect("order rows written", this.ordersCreated,
					(int) (count(ordersDatabase, "orders") - this.ordersBefore));
		}

		void assertAllDeserved() {
			assertThat(this.violations).isEmpty();
		}

		private static long count(PostgresDatabaseExtension database, String table) {
			try {
				return database.queryForLong("select count(*) from " + table);
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
