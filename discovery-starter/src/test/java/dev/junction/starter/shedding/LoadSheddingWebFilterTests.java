/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shedding;

import java.time.Duration;

import dev.junction.starter.JunctionHeaders;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The reactive filter's permit: released exactly once whichever way the handling ends,
 * with a sample for the limit only when the service answered or failed.
 */
class LoadSheddingWebFilterTests {

	private long now;

	private final ConcurrencyLimiterTests.RecordingLimit limit = new ConcurrencyLimiterTests.RecordingLimit();

	private final ConcurrencyLimiter limiter = new ConcurrencyLimiter(this.limit, () -> this.now);

	private final LimitSettings settings = new LimitSettings(LimitSettings.Kind.FIXED, 10, 1, 1, 1,
			Duration.ofSeconds(1));

	private final LoadSheddingWebFilter filter = new LoadSheddingWebFilter(this.limiter, this.settings,
			UnlimitedPaths.of(new MockEnvironment()));

	@Test
	void aCompletedExchangeReleasesItsPermitWithASample() {
		this.filter.filter(exchange("/orders"), (exchange) -> {
			assertThat(this.limiter.inFlight()).isEqualTo(1);
			this.now += 5_000_000;
			return Mono.empty();
		}).block();
		assertThat(this.limiter.inFlight()).isZero();
		assertThat(this.limit.samples).containsExactly(5_000_000L);
	}

	@Test
	void aFailedExchangeReleasesItsPermitWithASample() {
		assertThatIllegalStateException().isThrownBy(() -> this.filter.filter(exchange("/orders"), (exchange) -> {
			this.now += 7_000_000;
			return Mono.error(new IllegalStateException("handler failed"));
		}).block());
		assertThat(this.limiter.inFlight()).isZero();
		assertThat(this.limit.samples).containsExactly(7_000_000L);
	}

	@Test
	void aCancelledExchangeReleasesItsPermitWithoutASample() {
		Disposable subscription = this.filter.filter(exchange("/orders"), (exchange) -> Mono.never()).subscribe();
		assertThat(this.limiter.inFlight()).isEqualTo(1);
		subscription.dispose();
		subscription.dispose();
		assertThat(this.limiter.inFlight()).isZero();
		assertThat(this.limit.samples).isEmpty();
	}

	@Test
	void aFullAppAnswers503AtOnceWithRetryAfterAndTheLoadShedHeader() {
		for (int i = 0; i < 10; i++) {
			this.filter.filter(exchange("/orders"), (exchange) -> Mono.never()).subscribe();
		}
		MockServerWebExchange refused = exchange("/orders");
		this.filter.filter(refused, (exchange) -> Mono.error(new AssertionError("admitted"))).block();
		assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(refused.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
		assertThat(refused.getResponse().getHeaders().getFirst(JunctionHeaders.LOAD_SHED)).isEqualTo("true");
		assertThat(refused.getResponse().getHeaders().getFirst("Content-Type")).isEqualTo("application/problem+json");
		assertThat(refused.getResponse().getBodyAsString().block())
			.contains("\"type\":\"https://junction.dev/problems/load-shed\"", "\"status\":503");
	}

	@Test
	void probesPassAFullApp() {
		for (int i = 0; i < 10; i++) {
			this.filter.filter(exchange("/orders"), (exchange) -> Mono.never()).subscribe();
		}
		MockServerWebExchange probe = exchange("/readyz");
		this.filter.filter(probe, (exchange) -> Mono.empty()).block();
		assertThat(probe.getResponse().getStatusCode()).isNotEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(this.limiter.rejected()).isZero();
	}

	private static MockServerWebExchange exchange(String path) {
		return MockServerWebExchange.from(MockServerHttpRequest.get(path));
	}

}
