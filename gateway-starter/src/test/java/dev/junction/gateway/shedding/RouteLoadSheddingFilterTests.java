/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.shedding;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import dev.junction.starter.JunctionHeaders;
import dev.junction.starter.discovery.TriedInstances;
import dev.junction.starter.shedding.ConcurrencyLimiter;
import dev.junction.starter.shedding.LimitSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RouteLoadSheddingFilterTests {

	private final GatewayLoadSheddingProperties properties = new GatewayLoadSheddingProperties();

	private final MeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void eachRouteHasItsOwnLimit() {
		this.properties.setLimit(LimitSettings.Kind.FIXED);
		this.properties.setFixedLimit(2);
		RouteLoadSheddingFilter filter = filter();
		hold(filter, route("users", Map.of()), 2);
		MockServerWebExchange refused = exchange(route("users", Map.of()));
		AtomicBoolean routed = new AtomicBoolean();
		filter.filter(refused, (exchange) -> Mono.fromRunnable(() -> routed.set(true))).block();
		assertThat(routed).as("the refused request was routed").isFalse();
		MockServerHttpResponse response = refused.getResponse();
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(response.getHeaders().getFirst("Retry-After")).isEqualTo("1");
		assertThat(response.getHeaders().getFirst(JunctionHeaders.LOAD_SHED)).isEqualTo("true");
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBodyAsString().block()).startsWith(
				"{\"type\":\"https://junction.dev/problems/load-shed\",\"title\":\"Service Unavailable\",\"status\":503,")
			.contains("route 'users' is at its concurrency limit; retry after 1 s.");
		filter.filter(exchange(route("orders", Map.of())), (exchange) -> Mono.empty()).block();
		assertThat(this.registry.get("junction.load-shedding.rejected").tag("route", "users").functionCounter().count())
			.isEqualTo(1);
		assertThat(this.registry.get("junction.load-shedding.concurrency-limit").tag("route", "orders").gauge().value())
			.isEqualTo(2);
	}

	@Test
	void aRouteIsExemptedByItsMetadataFlatOrNestedOrByProperties() {
		this.properties.setLimit(LimitSettings.Kind.FIXED);
		this.properties.setFixedLimit(1);
		GatewayLoadSheddingProperties.Route off = new GatewayLoadSheddingProperties.Route();
		off.setEnabled(false);
		this.properties.getRoutes().put("configured-off", off);
		RouteLoadSheddingFilter filter = filter();
		for (Route route : new Route[] { route("flat", Map.of("junction.load-shedding.enabled", false)),
				route("nested", Map.of("junction", Map.of("load-shedding", Map.of("enabled", "false")))),
				route("configured-off", Map.of()) }) {
			hold(filter, route, 3);
			assertThat(filter.limiter(route.getId())).isNull();
		}
	}

	@Test
	void aRoutesOwnKeysOverrideTheDefaults() {
		GatewayLoadSheddingProperties.Route users = new GatewayLoadSheddingProperties.Route();
		users.setLimit(LimitSettings.Kind.FIXED);
		users.setFixedLimit(3);
		this.properties.getRoutes().put("users", users);
		RouteLoadSheddingFilter filter = filter();
		filter.filter(exchange(route("users", Map.of())), (exchange) -> Mono.empty()).block();
		filter.filter(exchange(route("orders", Map.of())), (exchange) -> Mono.empty()).block();
		assertThat(filter.limiter("users").limit()).isEqualTo(3);
		assertThat(filter.limiter("orders").limit()).isEqualTo(100);
	}

	@Test
	void thePermitIsReleasedOnceOnCompleteErrorAndCancel() {
		RouteLoadSheddingFilter filter = filter();
		Route route = route("users", Map.of());
		filter.filter(exchange(route), (exchange) -> Mono.empty()).block();
		ConcurrencyLimiter limiter = filter.limiter("users");
		assertThat(limiter.inFlight()).isZero();
		assertThatIllegalStateException().isThrownBy(
				() -> filter.filter(exchange(route), (exchange) -> Mono.error(new IllegalStateException())).block());
		assertThat(limiter.inFlight()).isZero();
		Disposable cancelled = filter.filter(exchange(route), (exchange) -> Mono.never()).subscribe();
		assertThat(limiter.inFlight()).isOne();
		cancelled.dispose();
		cancelled.dispose();
		assertThat(limiter.inFlight()).isZero();
	}

	@Test
	void requestsRetriedAfterAHungInstanceDoNotLowerTheLimitForEveryone() {
		this.properties.setInitialLimit(30);
		this.properties.setMinLimit(4);
		AtomicLong clock = new AtomicLong();
		RouteLoadSheddingFilter filter = filter(clock::get);
		Route route = route("users", Map.of());
		Set<String> answeredByTheFirst = Set.of("10.0.0.2:8080");
		for (int i = 0; i < 3; i++) {
			wave(filter, route, clock, Duration.ofMillis(10), answeredByTheFirst);
		}
		int limit = filter.limiter("users").limit();
		// the first of every request's tries went to a hung instance and timed out after
		// 1 s; the retry on another instance answered
		wave(filter, route, clock, Duration.ofSeconds(1), Set.of("10.0.0.1:8080", "10.0.0.2:8080"));
		assertThat(filter.limiter("users").limit()).as("after retried requests").isEqualTo(limit);
		assertThat(filter.limiter("users").inFlight()).isZero();
		// the same time when the answering instance itself took it: the route is busy
		wave(filter, route, clock, Duration.ofSeconds(1), answeredByTheFirst);
		assertThat(filter.limiter("users").limit()).as("after slow answers").isLessThan(limit / 2);
	}

	/**
	 * Holds as many requests of the route at once as its limit admits (one more is
	 * refused: the route is busy), lets the time pass, and completes them, each having
	 * tried the instances.
	 */
	private static void wave(RouteLoadSheddingFilter filter, Route route, AtomicLong clock, Duration time,
			Set<String> tried) {
		List<Sinks.Empty<Void>> answers = new ArrayList<>();
		ConcurrencyLimiter limiter = filter.limiter(route.getId());
		int requests = ((limiter != null) ? limiter.limit() : 30) + 1;
		for (int i = 0; i < requests; i++) {
			Sinks.Empty<Void> answer = Sinks.empty();
			ServerWebExchange exchange = exchange(route);
			exchange.getAttributes().put(TriedInstances.ATTRIBUTE, new HashSet<>(tried));
			filter.filter(exchange, (routed) -> answer.asMono()).subscribe();
			answers.add(answer);
		}
		clock.addAndGet(time.toNanos());
		answers.forEach(Sinks.Empty::tryEmitEmpty);
	}

	@Test
	void wrongSettingsOfARouteStopTheStartNamingItsKeys() {
		GatewayLoadSheddingProperties.Route users = new GatewayLoadSheddingProperties.Route();
		users.setMinLimit(500);
		this.properties.getRoutes().put("users", users);
		assertThatIllegalStateException().isThrownBy(this::filter)
			.withMessageContaining("junction.gateway.load-shedding.routes.users: the adaptive limit needs");
	}

	private RouteLoadSheddingFilter filter() {
		return filter(System::nanoTime);
	}

	private RouteLoadSheddingFilter filter(LongSupplier nanoClock) {
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerSingleton("registry", this.registry);
		return new RouteLoadSheddingFilter(this.properties, beans.getBeanProvider(MeterRegistry.class), nanoClock);
	}

	private static void hold(RouteLoadSheddingFilter filter, Route route, int requests) {
		for (int i = 0; i < requests; i++) {
			filter.filter(exchange(route), (exchange) -> Mono.never()).subscribe();
		}
	}

	private static MockServerWebExchange exchange(Route route) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/x"));
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route);
		return exchange;
	}

	private static Route route(String id, Map<String, Object> metadata) {
		return Route.async()
			.id(id)
			.uri(URI.create("http://localhost"))
			.predicate((exchange) -> true)
			.metadata(metadata)
			.build();
	}

}
