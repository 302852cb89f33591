/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.consul;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.ConsulHttp;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The index rules of Junction's one Consul blocking query: against the dev agent (a
 * change wakes the held query, {@code wait} in Go syntax, a 404 with an index), and
 * against a scripted server for what a healthy agent never does (an index that goes
 * backwards, is 0 or missing, answers that come back at once, failures).
 */
class ConsulBlockingQueryTests {

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	private final List<ConsulBlockingQuery.Answer> answers = new CopyOnWriteArrayList<>();

	private @Nullable ConsulBlockingQueries queries;

	@AfterEach
	void close() {
		if (this.queries != null) {
			this.queries.destroy();
		}
	}

	private ConsulBlockingQuery query(String baseUrl, @Nullable String token, String pathAndQuery, Duration wait) {
		this.queries = new ConsulBlockingQueries(baseUrl, token);
		return this.queries.query(pathAndQuery).waitUpTo(wait).notFoundAnswers().build(this.answers::add);
	}

	@Test
	void theIndexIsPassedOnUnlessItWentBackwardsOrIsZeroOrMissing() {
		assertThat(ConsulBlockingQuery.nextIndex(0, 57)).isEqualTo(57);
		assertThat(ConsulBlockingQuery.nextIndex(57, 57)).isEqualTo(57);
		assertThat(ConsulBlockingQuery.nextIndex(57, 60)).isEqualTo(60);
		assertThat(ConsulBlockingQuery.nextIndex(57, 12)).as("backwards").isZero();
		assertThat(ConsulBlockingQuery.nextIndex(57, 0)).as("zero or missing").isZero();
		assertThat(ConsulBlockingQuery.nextIndex(0, 0)).as("zero or missing on a first query").isZero();
	}

	@Test
	void waitIsWrittenAsConsulReadsIt() {
		ConsulBlockingQueries queries = new ConsulBlockingQueries("http://127.0.0.1:8500/", "secret");
		this.queries = queries;
		ConsulBlockingQuery seconds = queries.query("/v1/kv/a?recurse").waitUpTo(Duration.ofSeconds(30)).build((a) -> {
		});
		ConsulBlockingQuery millis = queries.query("/v1/catalog/services")
			.waitUpTo(Duration.ofMillis(1500))
			.build((a) -> {
			});
		assertThat(seconds.request(0).uri()).hasToString("http://127.0.0.1:8500/v1/kv/a?recurse");
		assertThat(seconds.request(0).timeout()).contains(Duration.ofSeconds(10));
		assertThat(seconds.request(42).uri()).hasToString("http://127.0.0.1:8500/v1/kv/a?recurse&index=42&wait=30s");
		assertThat(seconds.request(42).timeout()).as("wait, Consul's jitter of wait/16, 5 s")
			.contains(Duration.ofMillis(36_875));
		assertThat(millis.request(42).uri())
			.hasToString("http://127.0.0.1:8500/v1/catalog/services?index=42&wait=1500ms");
		assertThat(millis.request(42).headers().firstValue("X-Consul-Token")).contains("secret");
	}

	@Test
	void backoffDoublesFromHalfASecondUpToTenSeconds() {
		assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 30).stream().map(ConsulBlockingQuery::errorDelay))
			.extracting(Duration::toMillis)
			.containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 10_000L, 10_000L, 10_000L);
	}

	@Nested
	class AgainstTheDevAgent {

		@Test
		void aMissingPrefixIsAnAnswerAndAChangeUnderItWakesTheHeldQuery() {
			ConsulBlockingQuery query = query(consul.baseUrl(), null, "/v1/kv/watched/?recurse",
					Duration.ofSeconds(30));
			query.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> answers.size() == 1);
			assertThat(answers.get(0).found()).as("404 for a missing prefix").isFalse();
			assertThat(answers.get(0).index()).isPositive();
			assertThat(query.hasSynced()).isTrue();
			long before = query.index();
			sleep(Duration.ofMillis(1500));
			assertThat(answers).as("the query is held while nothing changes").hasSize(1);
			ConsulHttp.putKv(consul.baseUrl(), "watched/policy", "{}");
			await().atMost(Duration.ofSeconds(5)).until(() -> answers.size() == 2);
			assertThat(answers.get(1).found()).isTrue();
			assertThat(new String(answers.get(1).body(), StandardCharsets.UTF_8)).contains("watched/policy");
			assertThat(query.index()).isGreaterThan(before);
		}

		@Test
		void aWaitUnderASecondIsHeldForThatLongNotRoundedToSeconds() {
			ConsulBlockingQuery query = query(consul.baseUrl(), null, "/v1/kv/quiet/?recurse", Duration.ofMillis(500));
			query.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> answers.size() == 1);
			int before = answers.size();
			sleep(Duration.ofSeconds(6));
			// about 11 unchanged answers (0.5 s each plus jitter); none when wait is not
			// Go syntax (400), about 6 when rounded up to
			// 1 s or when not held (the early-answer pause)
			assertThat(answers.size() - before).isBetween(8, 14);
		}

	}

	@Nested
	class AgainstAScriptedServer {

		private final List<Request> requests = new CopyOnWriteArrayList<>();

		private final ExecutorService threads = Executors.newCachedThreadPool();

		private volatile Function<Request, Reply> script = (request) -> new Reply(200, 1L, Duration.ZERO);

		private @Nullable HttpServer server;

		@AfterEach
		void stopServer() {
			if (this.server != null) {
				this.server.stop(0);
			}
			this.threads.shutdownNow();
		}

		private String start() throws IOException {
			HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			http.createContext("/", this::handle);
			http.setExecutor(this.threads);
			http.start();
			this.server = http;
			return "http://127.0.0.1:" + http.getAddress().getPort();
		}

		private void handle(HttpExchange exchange) throws IOException {
			String query = exchange.getRequestURI().getRawQuery();
			Request request = new Request(query, exchange.getRequestHeaders().getFirst("X-Consul-Token"),
					System.nanoTime());
			this.requests.add(request);
			Reply reply = this.script.apply(request);
			sleep(reply.after());
			if (reply.index() != null) {
				exchange.getResponseHeaders().set("X-Consul-Index", Long.toString(reply.index()));
			}
			byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(reply.status(), body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}

		@Test
		void anIndexThatWentBackwardsStartsOverWithAQueryWithoutIndex() throws IOException {
			this.script = (request) -> switch (this.requests.size()) {
				case 1 -> new Reply(200, 100L, Duration.ZERO);
				case 2 -> new Reply(200, 40L, Duration.ofSeconds(1));
				case 3 -> new Reply(200, 41L, Duration.ZERO);
				default -> new Reply(200, 41L, Duration.ofSeconds(30));
			};
			ConsulBlockingQuery query = query(start(), "secret", "/v1/health/service/users?passing",
					Duration.ofSeconds(30));
			query.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.requests.size() >= 3);
			assertThat(this.requests).extracting(Request::query)
				.startsWith("passing", "passing&index=100&wait=30s", "passing");
			assertThat(this.requests).extracting(Request::token).containsOnly("secret");
			await().atMost(Duration.ofSeconds(5)).until(() -> this.requests.size() >= 4);
			assertThat(this.requests.get(3).query()).isEqualTo("passing&index=41&wait=30s");
			assertThat(answers).extracting(ConsulBlockingQuery.Answer::index).startsWith(100L, 40L, 41L);
		}

		@Test
		void anAnswerWithoutIndexStartsOverButDoesNotSpin() throws IOException {
			this.script = (request) -> new Reply(200, null, Duration.ZERO);
			ConsulBlockingQuery query = query(start(), null, "/v1/kv/p/?recurse", Duration.ofSeconds(30));
			query.start();
			sleep(Duration.ofMillis(3500));
			query.stop();
			assertThat(this.requests).extracting(Request::query).allMatch("recurse"::equals);
			// one query a second at most: the early-answer pause
			assertThat(this.requests).hasSizeBetween(2, 5);
			assertThat(query.index()).isZero();
		}

		@Test
		void anUnchangedAnswerThatComesBackAtOncePausesASecond() throws IOException {
			this.script = (request) -> new Reply(200, 7L, Duration.ZERO);
			ConsulBlockingQuery query = query(start(), null, "/v1/kv/p/?recurse", Duration.ofSeconds(30));
			query.start();
			sleep(Duration.ofMillis(3500));
			query.stop();
			assertThat(this.requests).hasSizeBetween(3, 5);
			assertThat(this.requests.subList(1, this.requests.size())).extracting(Request::query)
				.allMatch("recurse&index=7&wait=30s"::equals);
			for (int i = 2; i < this.requests.size(); i++) {
				long gap = this.requests.get(i).nanos() - this.requests.get(i - 1).nanos();
				assertThat(Duration.ofNanos(gap)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
			}
		}

		@Test
		void failuresKeepTheIndexAndBackOffUntilConsulAnswersAgain() throws IOException {
			this.script = (request) -> (this.requests.size() == 1) ? new Reply(200, 5L, Duration.ZERO)
					: new Reply(500, null, Duration.ZERO);
			// a short wait keeps the request timeout
			// short (wait + wait/16 + 5 s) should one
			// of the retries be lost on a busy machine
			ConsulBlockingQuery query = query(start(), null, "/v1/kv/p/?recurse", Duration.ofSeconds(2));
			query.start();
			sleep(Duration.ofMillis(4200));
			// answered at 0, failed at ~0, 0.5, 1.5, 3.5 s
			assertThat(this.requests).hasSizeBetween(4, 6);
			assertThat(this.requests.subList(1, this.requests.size())).extracting(Request::query)
				.allMatch("recurse&index=5&wait=2s"::equals);
			long lastGap = this.requests.get(this.requests.size() - 1).nanos()
					- this.requests.get(this.requests.size() - 2).nanos();
			assertThat(Duration.ofNanos(lastGap)).as("backoff grew").isGreaterThanOrEqualTo(Duration.ofMillis(900));
			assertThat(answers).hasSize(1);
			assertThat(query.hasSynced()).isTrue();
			this.script = (request) -> new Reply(200, 6L, Duration.ZERO);
			// the next retry comes 4 s after the last failure; the recovered server then
			// answers every query at once, so more answers follow within milliseconds
			await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() >= 2);
			assertThat(answers.get(1).index()).isEqualTo(6);
		}

		@Test
		void aNotFoundIsAFailureUnlessTheQueryTakesItAsAnAnswer() throws IOException {
			this.script = (request) -> new Reply(404, 9L, Duration.ZERO);
			String baseUrl = start();
			ConsulBlockingQueries queries = new ConsulBlockingQueries(baseUrl, null);
			ConsulBlockingQueryTests.this.queries = queries;
			List<ConsulBlockingQuery.Answer> strict = new CopyOnWriteArrayList<>();
			ConsulBlockingQuery query = queries.query("/v1/health/service/users")
				.waitUpTo(Duration.ofSeconds(30))
				.build(strict::add);
			query.start();
			await().atMost(Duration.ofSeconds(5)).until(() -> query.firstAttempt().isDone());
			sleep(Duration.ofMillis(300));
			assertThat(strict).isEmpty();
			assertThat(query.hasSynced()).isFalse();
		}

		@Test
		void stopEndsTheChainAndAnAnswerArrivingAfterwardsIsNotHandedOver() throws Exception {
			CountDownLatch held = new CountDownLatch(1);
			this.script = (request) -> {
				if (this.requests.size() == 1) {
					return new Reply(200, 3L, Duration.ZERO);
				}
				held.countDown();
				return new Reply(200, 4L, Duration.ofSeconds(2));
			};
			ConsulBlockingQuery query = query(start(), null, "/v1/kv/p/?recurse", Duration.ofSeconds(30));
			query.start();
			assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
			query.stop();
			assertThat(query.isRunning()).isFalse();
			sleep(Duration.ofSeconds(3));
			assertThat(answers).extracting(ConsulBlockingQuery.Answer::index).containsExactly(3L);
			assertThat(this.requests).hasSize(2);
		}

		@Test
		void closingTheSharedQueriesStopsEveryQuery() throws IOException {
			this.script = (request) -> new Reply(200, 7L, Duration.ZERO);
			ConsulBlockingQuery query = query(start(), null, "/v1/kv/p/?recurse", Duration.ofSeconds(30));
			query.start();
			await().atMost(Duration.ofSeconds(5)).until(() -> this.requests.size() >= 2);
			ConsulBlockingQueryTests.this.queries.destroy();
			assertThat(query.isRunning()).isFalse();
			int seen = this.requests.size();
			sleep(Duration.ofMillis(2500));
			assertThat(this.requests).hasSize(seen);
		}

	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	record Request(String query, @Nullable String token, long nanos) {
	}

	record Reply(int status, @Nullable Long index, Duration after) {
	}

}
