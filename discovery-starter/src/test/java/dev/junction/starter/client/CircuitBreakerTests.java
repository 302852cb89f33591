/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import dev.junction.starter.JunctionHeaders;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigurationProperties;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The clients' circuit breaker against a real server that answers 500: the caller sees
 * the 500s until the breaker opens, then a fast {@link CircuitBreakerOpenException}; shed
 * answers (503 with {@code Junction-Load-Shed}) never open it.
 */
class CircuitBreakerTests {

	private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
		.slidingWindowSize(4)
		.minimumNumberOfCalls(4)
		.waitDurationInOpenState(Duration.ofMinutes(1))
		.build());

	private HttpServer server;

	private String url;

	@BeforeEach
	void startFailingServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			if (exchange.getRequestURI().getPath().startsWith("/shed")) {
				// full, not sick
				exchange.getResponseHeaders().set(JunctionHeaders.LOAD_SHED, "true");
				exchange.getResponseHeaders().set("Retry-After", "1");
				exchange.sendResponseHeaders(503, -1);
			}
			else {
				exchange.sendResponseHeaders(500, -1);
			}
			exchange.close();
		});
		this.server.start();
		this.url = "http://127.0.0.1:" + this.server.getAddress().getPort() + "/orders";
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	@Test
	void blockingCallsSeeServerErrorsUntilTheBreakerOpensThenFailFast() {
		Resilience4JConfigurationProperties properties = new Resilience4JConfigurationProperties();
		properties.setDisableThreadPool(true);
		RestClient client = RestClient.builder()
			.requestInterceptor(new CircuitBreakerInterceptor(new Resilience4JCircuitBreakerFactory(this.registry,
					TimeLimiterRegistry.ofDefaults(), null, properties)))
			.build();
		for (int i = 0; i < 4; i++) {
			HttpStatusCode status = client.get()
				.uri(this.url)
				.exchange((request, response) -> response.getStatusCode());
			assertThat(status.value()).isEqualTo(500);
		}
		assertThatExceptionOfType(ResourceAccessException.class)
			.isThrownBy(() -> client.get().uri(this.url).retrieve().toBodilessEntity())
			.withCauseInstanceOf(CircuitBreakerOpenException.class);
	}

	@Test
	void reactiveCallsSeeServerErrorsUntilTheBreakerOpensThenFailFast() {
		Resilience4JConfigurationProperties properties = new Resilience4JConfigurationProperties();
		properties.setDisableTimeLimiter(true);
		WebClient client = WebClient.builder()
			.filter(new CircuitBreakerExchangeFilter(new ReactiveResilience4JCircuitBreakerFactory(this.registry,
					TimeLimiterRegistry.ofDefaults(), null, properties)))
			.build();
		for (int i = 0; i < 4; i++) {
			assertThat(client.get()
				.uri(this.url)
				.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
				.block()).isEqualTo(500);
		}
		assertThatExceptionOfType(WebClientRequestException.class)
			.isThrownBy(() -> client.get().uri(this.url).retrieve().toBodilessEntity().block())
			.withCauseInstanceOf(CircuitBreakerOpenException.class);
	}

	@Test
	void shedAnswersDoNotOpenTheBreakerOfEitherClient() {
		Resilience4JConfigurationProperties properties = new Resilience4JConfigurationProperties();
		properties.setDisableThreadPool(true);
		properties.setDisableTimeLimiter(true);
		RestClient blocking = RestClient.builder()
			.requestInterceptor(new CircuitBreakerInterceptor(new Resilience4JCircuitBreakerFactory(this.registry,
					TimeLimiterRegistry.ofDefaults(), null, properties)))
			.build();
		WebClient reactive = WebClient.builder()
			.filter(new CircuitBreakerExchangeFilter(new ReactiveResilience4JCircuitBreakerFactory(this.registry,
					TimeLimiterRegistry.ofDefaults(), null, properties)))
			.build();
		String shed = this.url.replace("/orders", "/shed");
		for (int i = 0; i < 10; i++) {
			HttpStatusCode status = blocking.get().uri(shed).exchange((request, response) -> response.getStatusCode());
			assertThat(status.value()).isEqualTo(503);
			assertThat(reactive.get()
				.uri(shed)
				.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
				.block()).isEqualTo(503);
		}
	}

}
