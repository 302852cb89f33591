/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import dev.junction.gateway.edge.GatewayProblems;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.ServerWebExchange;

import dev.junction.starter.JunctionHeaders;
import dev.junction.starter.discovery.OutlierDetector;
import dev.junction.starter.retry.RetryPolicy;

import static org.springframework.cloud.gateway.support.GatewayToStringStyler.filterToStringCreator;

/**
 * Junction's {@code JunctionRetry} route filter: retries of idempotent requests that
 * bound latency without multiplying load. Each attempt waits at most the route's per-try
 * timeout (route metadata {@code per-try-timeout}, else
 * {@code junction.gateway.resilience.per-try-timeout}), so a hung instance costs one
 * short try; a failure without an answer (the configured exceptions, the per-try timeout)
 * or an answer with a retried status is tried again on an instance the request has not
 * tried ({@link TriedInstancesFilter}) as the starter's {@link RetryPolicy} decides:
 * after a jittered backoff or the answer's {@code Retry-After}, within the request's
 * deadline (route metadata {@code deadline}), and while the route's retry budget allows.
 * Otherwise the last answer goes to the client as the service sent it, or the last
 * failure becomes the gateway's problem; a request whose deadline passed is a {@code 504}
 * problem. Non-idempotent requests pass through untouched: they keep the route's response
 * timeout and are never retried.
 * <p>
 * Spring Cloud Gateway's {@code Retry} filter is not used: it has no budget, does not
 * read {@code Retry-After} and has no per-try timeout.
 */
public class JunctionRetryGatewayFilterFactory
		extends AbstractGatewayFilterFactory<JunctionRetryGatewayFilterFactory.Config> {

	/** Route metadata key of the per-try timeout (milliseconds or a duration). */
	public static final String PER_TRY_TIMEOUT = "per-try-timeout";

	/** Route metadata key of the request deadline (milliseconds or a duration). */
	public static final String DEADLINE = "deadline";

	/** The outcome of an attempt that got an answer (else: its failure). */
	private static final Throwable ANSWERED = new Throwable("answered", null, false, false) {
	};

	private final RetryPolicy policy;

	private final Set<HttpMethod> methods;

	private final List<Class<?>> exceptions;

	private final Duration perTryTimeout;

	private final Duration deadline;

	private final @Nullable OutlierDetector outliers;

	/**
	 * The filter factory.
	 * @param properties the retry settings
	 * @param policy the retry policy, with a budget per route
	 */
	public JunctionRetryGatewayFilterFactory(RouteResilienceProperties properties, RetryPolicy policy) {
		this(properties, policy, null);
	}

	/**
	 * The filter factory, reporting per-try timeouts to outlier detection.
	 * @param properties the retry settings
	 * @param policy the retry policy, with a budget per route
	 * @param outliers the outlier detection told about an instance whose try timed out
	 * (the load balancer's own hooks never hear of it: the timeout cancels the try), or
	 * {@code null}
	 */
	public JunctionRetryGatewayFilterFactory(RouteResilienceProperties properties, RetryPolicy policy,
			@Nullable OutlierDetector outliers) {
		super(Config.class);
		this.outliers = outliers;
		this.policy = policy;
		this.methods = properties.getRetryMethods().stream().map(HttpMethod::valueOf).collect(Collectors.toSet());
		this.exceptions = properties.getRetryExceptions()
			.stream()
			.<Class<?>>map((name) -> ClassUtils.resolveClassName(name, getClass().getClassLoader()))
			.toList();
		this.perTryTimeout = positive(properties.getPerTryTimeout(), "junction.gateway.resilience.per-try-timeout");
		this.deadline = positive(properties.getDeadline(), "junction.gateway.resilience.deadline");
	}

	private static Duration positive(Duration duration, String key) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(key + " must be longer than 0, not " + duration);
		}
		return duration;
	}

	@Override
	public GatewayFilter apply(Config config) {
		return new GatewayFilter() {

			@Override
			public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
				return JunctionRetryGatewayFilterFactory.this.filter(exchange, chain, config);
			}

			@Override
			public String toString() {
				return filterToStringCreator(JunctionRetryGatewayFilterFactory.this)
					.append("routeId", config.getRouteId())
					.toString();
			}

		};
	}

	private Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain, Config config) {
		if (hasBody(exchange.getRequest().getHeaders())
				&& exchange.getAttribute(ServerWebExchangeUtils.CACHED_REQUEST_BODY_ATTR) == null) {
			// the whole body is read before routing, so that a retry sends it again and
			// a body the client stalls or malforms is answered by the gateway first. It
			// is held in memory (after the body size limit) and released at the end by
			// Spring Cloud Gateway's RemoveCachedBodyFilter.
			return ServerWebExchangeUtils.cacheRequestBody(exchange,
					(cached) -> route(exchange.mutate().request(cached).build(), chain, config));
		}
		return route(exchange, chain, config);
	}

	private Mono<Void> route(ServerWebExchange exchange, GatewayFilterChain chain, Config config) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		String service = (route != null) ? route.getId() : String.valueOf(config.getRouteId());
		// every request adds to the budget, retried or not
		this.policy.recordRequest(service);
		if (!this.methods.contains(exchange.getRequest().getMethod())) {
			return chain.filter(exchange);
		}
		Map<String, Object> metadata = (route != null) ? route.getMetadata() : Map.of();
		Request request = new Request(exchange, chain, service, duration(metadata, PER_TRY_TIMEOUT, this.perTryTimeout),
				duration(metadata, DEADLINE, this.deadline), System.nanoTime());
		return attempt(request, 1);
	}

	/**
	 * Whether a request has a body: a positive {@code Content-Length} or a
	 * {@code Transfer-Encoding} (an HTTP/2 request with a body and no length arrives with
	 * one too). Only such requests are read whole before routing; Spring Cloud Gateway's
	 * own body caching, which {@code Retry} turns on, reads every request of the route,
	 * bodiless GETs included, through a chain of operators before routing it.
	 */
	static boolean hasBody(HttpHeaders headers) {
		return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
	}

	private Mono<Void> attempt(Request request, int attempt) {
		Duration remaining = request.remaining();
		if (remaining.isNegative() || remaining.isZero()) {
			return Mono.error(deadlinePassed());
		}
		Duration timeout = (remaining.compareTo(request.perTry) < 0) ? remaining : request.perTry;
		// the instance this try chose, and only this try
		request.exchange.getAttributes().remove(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
		return request.chain.filter(request.exchange)
			.timeout(timeout, EventLoopTimers.current())
			.doOnError(TimeoutException.class, (timedOut) -> reportTimeout(request.exchange, timedOut))
			.then(Mono.just(ANSWERED))
			.onErrorResume(this::isRetryable, Mono::just)
			.flatMap((outcome) -> (outcome == ANSWERED) ? afterAnswer(request, attempt)
					: afterFailure(request, attempt, outcome));
	}

	/**
	 * Tells outlier detection that the instance this try went to did not answer in time:
	 * the timeout cancels the try, so the load balancer's lifecycle hooks, which feed it
	 * every other outcome, never see it. A hung instance is then ejected after its
	 * consecutive timeouts like after any other gateway failure.
	 */
	private void reportTimeout(ServerWebExchange exchange, TimeoutException timedOut) {
		Response<ServiceInstance> chosen = exchange
			.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
		if (this.outliers != null && chosen != null && chosen.hasServer()) {
			this.outliers.onComplete(
					new CompletionContext<>(CompletionContext.Status.FAILED, timedOut, new DefaultRequest<>(), chosen));
		}
	}

	private Mono<Void> afterFailure(Request request, int attempt, Throwable failure) {
		ServerWebExchange exchange = request.exchange;
		Duration wait = exchange.getResponse().isCommitted() ? null
				: this.policy.afterFailure(request.service, attempt, request.remaining());
		if (wait == null) {
			boolean late = failure instanceof TimeoutException
					&& (request.remaining().isNegative() || request.remaining().isZero());
			return Mono.error(late ? deadlinePassed() : failure);
		}
		ServerWebExchangeUtils.reset(exchange);
		return Mono.delay(wait, EventLoopTimers.current()).then(attempt(request, attempt + 1));
	}

	private Mono<Void> afterAnswer(Request request, int attempt) {
		ServerHttpResponse response = request.exchange.getResponse();
		HttpStatusCode status = response.getStatusCode();
		if (status == null || response.isCommitted()) {
			return Mono.empty();
		}
		HttpHeaders headers = response.getHeaders();
		Duration wait = this.policy.afterAnswer(request.service, attempt, status.value(),
				headers.getFirst(HttpHeaders.RETRY_AFTER),
				"true".equalsIgnoreCase(headers.getFirst(JunctionHeaders.LOAD_SHED)), request.remaining());
		if (wait == null) {
			return Mono.empty();
		}
		// drops the answer's connection and headers
		ServerWebExchangeUtils.reset(request.exchange);
		return Mono.delay(wait, EventLoopTimers.current()).then(attempt(request, attempt + 1));
	}

	private boolean isRetryable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			for (Class<?> type : this.exceptions) {
				if (type.isInstance(cause)) {
					return true;
				}
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	private static RuntimeException deadlinePassed() {
		return GatewayProblems.problem(HttpStatus.GATEWAY_TIMEOUT, "deadline-exceeded",
				"The service did not answer within the request's deadline. Try again later.");
	}

	static Duration duration(Map<String, Object> metadata, String key, Duration fallback) {
		Object value = metadata.get(key);
		if (value instanceof Number millis) {
			return Duration.ofMillis(millis.longValue());
		}
		if (value != null) {
			try {
				return DurationStyle.detectAndParse(value.toString().trim());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("Route metadata " + key + " must be milliseconds or a duration such as"
						+ " 800ms or 2s, not '" + value + "'", ex);
			}
		}
		return fallback;
	}

	private record Request(ServerWebExchange exchange, GatewayFilterChain chain, String service, Duration perTry,
			Duration deadline, long started) {

		Duration remaining() {
			return this.deadline.minusNanos(System.nanoTime() - this.started);
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
