/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.resilience;

import dev.junction.gateway.edge.GatewayProblems;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreaker;
import org.springframework.cloud.client.circuitbreaker.ReactiveCircuitBreakerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import dev.junction.starter.JunctionHeaders;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * Junction's {@code JunctionCircuitBreaker} route filter: a Spring Cloud circuit breaker
 * per route (id = route id, so per service) that counts failures and {@code 5xx} answers,
 * around the retries, so it sees the outcome after them: one sick instance of two, whose
 * requests the retries carry to the other, does not open it. The backend's {@code 5xx}
 * answer reaches the client exactly as the backend sent it (Spring Cloud Gateway's
 * {@code CircuitBreaker} filter with {@code statusCodes} turns it into an error the
 * client sees instead). An answer marked as shed ({@code Junction-Load-Shed}) does not
 * count: the service is healthy but full. An open breaker answers a {@code 503} problem
 * with {@code Retry-After} at once; after its open time, trial requests decide whether it
 * closes.
 */
public class JunctionCircuitBreakerGatewayFilterFactory
		extends AbstractGatewayFilterFactory<JunctionCircuitBreakerGatewayFilterFactory.Config> {

	private final ObjectProvider<ReactiveCircuitBreakerFactory<?, ?>> breakers;

	/**
	 * The filter factory.
	 * @param breakers where the route's breaker comes from (without one, routes have no
	 * breaker)
	 */
	public JunctionCircuitBreakerGatewayFilterFactory(ObjectProvider<ReactiveCircuitBreakerFactory<?, ?>> breakers) {
		super(Config.class);
		this.breakers = breakers;
	}

	@Override
	public GatewayFilter apply(Config config) {
		String id = String.valueOf(config.getRouteId());
		ReactiveCircuitBreakerFactory<?, ?> factory = this.breakers.getIfUnique();
		if (factory == null) {
			return (exchange, chain) -> chain.filter(exchange);
		}
		ReactiveCircuitBreaker breaker = factory.create(id);
		return new GatewayFilter() {

			@Override
			public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
				return JunctionCircuitBreakerGatewayFilterFactory.filter(breaker, exchange, chain);
			}

			@Override
			public String toString() {
				return filterToStringCreator(JunctionCircuitBreakerGatewayFilterFactory.this).append("id", id)
					.toString();
			}

		};
	}

	private static Mono<Void> filter(ReactiveCircuitBreaker breaker, ServerWebExchange exchange,
			GatewayFilterChain chain) {
		return breaker.run(chain.filter(exchange).then(Mono.defer(() -> {
			ServerHttpResponse response = exchange.getResponse();
			HttpStatusCode status = response.getStatusCode();
			boolean failed = status != null && status.is5xxServerError()
					&& !"true".equalsIgnoreCase(response.getHeaders().getFirst(JunctionHeaders.LOAD_SHED));
			return failed ? Mono.error(ServerErrorAnswer.INSTANCE) : Mono.empty();
		})), (failure) -> {
			if (failure == ServerErrorAnswer.INSTANCE) {
				// counted; the answer goes on as it is
				return Mono.empty();
			}
			if (failure instanceof CallNotPermittedException) {
				return Mono.error(GatewayProblems.problem(HttpStatus.SERVICE_UNAVAILABLE, "circuit-open",
						"The service is failing and the gateway stopped calling it for a while. Try again later."));
			}
			return Mono.error(failure);
		});
	}

	/** A {@code 5xx} answer on its way through the breaker, which counts errors only. */
	private static final class ServerErrorAnswer extends RuntimeException {

		static final ServerErrorAnswer INSTANCE = new ServerErrorAnswer();

		private ServerErrorAnswer() {
			super("5xx answer", null, false, false);
		}

	}

	/** The route the filter is applied to; no arguments. */
	public static class Config implements HasRouteId {

		private @Nullable String routeId;

		@Override
		public void setRouteId(String routeId) {
			this.routeId = routeId;
		}

		@Override
		public @Nullable String getRouteId() {
			return this.routeId;
		}

	}

}
