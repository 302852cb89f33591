/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.junction.starter.JunctionHeaders;
import dev.junction.starter.retry.Backoff;
import dev.junction.starter.retry.RetryBudgets;
import dev.junction.starter.retry.RetryPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blocking client's retries against a real HTTP server whose answers a test scripts:
 * a 503 is retried after a backoff, Retry-After and shed answers are honoured, the budget
 * stops a storm, and an idempotent attempt waits only its per-try timeout while a POST
 * waits the read timeout; the reactive client's alike. (No load balancer here: every
 * attempt goes to the one server.)
 */
class RetryInterceptorTests {

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();

	private final AtomicInteger hits = new AtomicInteger();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private volatile Answer fallback = new Answer(200, Map.of(), Duration.ZERO);

	private HttpServer server;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	@Test
	void a503IsRetriedAndTheCallerGetsTheAnswerOfTheRetry() {
		this.script.add(new Answer(503, Map.of(), Duration.ZERO));
		ResponseEntity<String> answer = get(client(3, 10));
		assertThat(answer.getStatusCode().value()).isEqualTo(200);
		assertThat(this.hits).hasValue(2);
	}

	@Test
	void otherStatusesAreNotRetried() {
		this.fallback = new Answer(500, Map.of(), Duration.ZERO);
		assertThat(get(client(3, 10)).getStatusCode().value()).isEqualTo(500);
		assertThat(this.hits).hasValue(1);
	}

	@Test
	void aShortRetryAfterIsWaitedAndALongOneEndsTheRetries() {
		this.script.add(new Answer(503, Map.of("Retry-After", "1"), Duration.ZERO));
		long started = System.nanoTime();
		assertThat(get(client(3, 10)).getStatusCode().value()).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
		assertThat(this.hits).hasValue(2);

		this.script.add(new Answer(503, Map.of("Retry-After", "30"), Duration.ZERO));
		ResponseEntity<String> answer = get(client(3, 10));
		assertThat(answer.getStatusCode().value()).as("longer than the 5 s deadline: returned as is").isEqualTo(503);
		assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("30");
		assertThat(this.hits).hasValue(3);
	}

	@Test
	void aShedAnswerIsNotRetriedAtOnce() {
		this.script.add(new Answer(503, Map.of(JunctionHeaders.LOAD_SHED, "true"), Duration.ZERO));
		ResponseEntity<String> answer = get(client(3, 10));
		assertThat(answer.getStatusCode().value()).isEqualTo(503);
		assertThat(answer.getHeaders().getFirst(JunctionHeaders.LOAD_SHED)).isEqualTo("true");
		assertThat(this.hits).hasValue(1);
	}

	@Test
	void theBudgetStopsARetryStorm() {
		this.fallback = new Answer(503, Map.of(), Duration.ZERO);
		// no share of the requests, 1 retry a second over 10 s: 10 retries in all
		RestClient client = client(3, 1);
		for (int i = 0; i < 30; i++) {
			assertThat(get(client).getStatusCode().value()).isEqualTo(503);
		}
		// without the budget: 90 attempts
		assertThat(this.hits.get()).as("30 calls and the 10 retries the budget allowed").isBetween(31, 40);
		assertThat(this.meters.get(RetryBudgets.METER).tag("outcome", "allowed").counter().count()).isEqualTo(10);
		assertThat(this.meters.get(RetryBudgets.METER).tag("outcome", "refused").counter().count()).isPositive();
	}

	@Test
	void anIdempotentAttemptWaitsItsPerTryTimeoutAndAPostTheReadTimeout() {
		this.script.add(new Answer(200, Map.of(), Duration.ofSeconds(3)));
		ResponseEntity<String> answer = get(client(3, 10));
		assertThat(answer.getStatusCode().value()).isEqualTo(200);
		assertThat(this.hits).as("the hung attempt and its retry").hasValue(2);

		this.script.add(new Answer(200, Map.of(), Duration.ofMillis(1500)));
		ResponseEntity<String> posted = client(3, 10).post().uri("/orders").retrieve().toEntity(String.class);
		assertThat(posted.getStatusCode().value()).as("a POST waits the 5 s read timeout").isEqualTo(200);
		assertThat(this.hits).hasValue(3);
	}

	@Test
	void theReactiveClientRetriesA503AndAHungAttemptAndHonoursTheBudget() {
		WebClient client = WebClient.builder()
			.baseUrl("http://127.0.0.1:" + this.server.getAddress().getPort())
			.filter(new RetryExchangeFilter(policy(3, 1), Duration.ofSeconds(5), (service) -> Duration.ofSeconds(1),
					null))
			.build();
		this.script.add(new Answer(503, Map.of(), Duration.ZERO));
		assertThat(reactiveGet(client)).isEqualTo(200);
		assertThat(this.hits).hasValue(2);
		this.script.add(new Answer(200, Map.of(), Duration.ofSeconds(3)));
		assertThat(reactiveGet(client)).isEqualTo(200);
		assertThat(this.hits).as("the hung attempt and its retry").hasValue(4);
		this.script.add(new Answer(503, Map.of(JunctionHeaders.LOAD_SHED, "true"), Duration.ZERO));
		assertThat(reactiveGet(client)).as("a shed answer without Retry-After").isEqualTo(503);
		assertThat(this.hits).hasValue(5);
		this.fallback = new Answer(503, Map.of(), Duration.ZERO);
		for (int i = 0; i < 20; i++) {
			assertThat(reactiveGet(client)).isEqualTo(503);
		}
		// 10 retries in the budget, 2 of them spent above; without it 20 calls would
		// make 60 attempts. (A retry after a pooled connection the server had closed
		// spends the budget without reaching the server, hence at most.)
		assertThat(this.meters.get(RetryBudgets.METER).tag("outcome", "allowed").counter().count()).isEqualTo(10);
		assertThat(this.hits.get()).isBetween(5 + 20 + 1, 5 + 20 + 8);
	}

	private static int reactiveGet(WebClient client) {
		return client.get()
			.uri("/users/1")
			.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
			.block(Duration.ofSeconds(20));
	}

	private RetryPolicy policy(int maxAttempts, int minRetriesPerSecond) {
		Clock clock = Clock.systemUTC();
		RetryBudgets budgets = new RetryBudgets(0, minRetriesPerSecond, Duration.ofSeconds(10), clock, this.meters);
		return new RetryPolicy(maxAttempts, Set.of(503), new Backoff(Duration.ofMillis(10), 2, Duration.ofMillis(100)),
				budgets, clock);
	}

	private RestClient client(int maxAttempts, int minRetriesPerSecond) {
		RetryPolicy policy = policy(maxAttempts, minRetriesPerSecond);
		ClientHttpRequestFactoryBuilder<?> factories = ClientHttpRequestFactoryBuilder.jdk();
		HttpClientSettings settings = HttpClientSettings.defaults();
		return RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.server.getAddress().getPort())
			.requestFactory(new PerTryTimeoutRequestFactory(
					factories.build(settings.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5))),
					(perTry) -> factories.build(settings.withTimeouts(Duration.ofSeconds(1), perTry))))
			.requestInterceptor(new RetryInterceptor(policy, Duration.ofSeconds(5), (service) -> Duration.ofSeconds(1)))
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	private static ResponseEntity<String> get(RestClient client) {
		return client.get().uri("/users/1").retrieve().toEntity(String.class);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			exchange.getRequestBody().readAllBytes();
			this.hits.incrementAndGet();
			Answer answer = this.script.poll();
			if (answer == null) {
				answer = this.fallback;
			}
			if (!answer.delay.isZero()) {
				Thread.sleep(answer.delay.toMillis());
			}
			answer.headers.forEach(exchange.getResponseHeaders()::set);
			byte[] body = ("answer " + answer.status).getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(answer.status, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			// the caller gave up on this attempt
		}
	}

	private record Answer(int status, Map<String, String> headers, Duration delay) {
	}

}
