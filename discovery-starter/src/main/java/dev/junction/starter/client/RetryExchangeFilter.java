/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import dev.junction.starter.JunctionHeaders;
import dev.junction.starter.discovery.OutlierDetector;
import dev.junction.starter.discovery.TriedInstances;
import dev.junction.starter.retry.RetryPolicy;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * The reactive twin of {@link RetryInterceptor}: an idempotent call whose attempt failed
 * without an answer (connect, I/O, per-try timeout) or answered with a retried status is
 * made again through the load balancer as the {@link RetryPolicy} decides, on an instance
 * the call has not tried yet while there is one ({@link TriedInstances}). Each attempt
 * waits at most the service's per-try timeout for the answer's headers. Spring Cloud's
 * reactive retry is used for GET only by default, which is why this one exists.
 */
class RetryExchangeFilter implements ExchangeFilterFunction {

	private final RetryPolicy policy;

	private final Duration deadline;

	private final Function<String, Duration> perTryTimeouts;

	private final @Nullable OutlierDetector outliers;

	RetryExchangeFilter(RetryPolicy policy, Duration deadline, Function<String, Duration> perTryTimeouts,
			@Nullable OutlierDetector outliers) {
		this.policy = policy;
		this.deadline = deadline;
		this.perTryTimeouts = perTryTimeouts;
		this.outliers = outliers;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		String service = request.url().getHost();
		if (service == null) {
			return next.exchange(request);
		}
		if (!IdempotentMethods.contains(request.method())) {
			// every call adds to the budget, retried or not
			return Mono.defer(() -> {
				this.policy.recordRequest(service);
				return next.exchange(request);
			});
		}
		// the record of instances tried travels as
		// a request attribute to the load balancer
		ClientRequest recorded = ClientRequest.from(request)
			.attribute(TriedInstances.ATTRIBUTE, TriedInstances.newRecord())
			.attribute(TriedInstances.CURRENT_ATTRIBUTE, new AtomicReference<ServiceInstance>())
			.build();
		Duration perTry = this.perTryTimeouts.apply(service);
		return Mono.defer(() -> {
			this.policy.recordRequest(service);
			return attempt(new Call(recorded, next, service, perTry, System.nanoTime()), 1);
		});
	}

	private Mono<ClientResponse> attempt(Call call, int attempt) {
		Duration remaining = call.remaining(this.deadline);
		Duration timeout = (remaining.compareTo(call.perTry) < 0) ? remaining : call.perTry;
		if (timeout.isNegative() || timeout.isZero()) {
			return Mono.error(new TimeoutException("No time left before the call's deadline"));
		}
		AtomicReference<?> current = (AtomicReference<?>) call.request.attribute(TriedInstances.CURRENT_ATTRIBUTE)
			.orElse(null);
		if (current != null) {
			current.set(null);
		}
		return call.next.exchange(call.request)
			.timeout(timeout)
			.doOnError(TimeoutException.class, (timedOut) -> reportTimeout(current, timedOut))
			.map(Outcome::answer)
			.onErrorResume(RetryExchangeFilter::isRetryable, (failure) -> Mono.just(Outcome.failure(failure)))
			.flatMap((outcome) -> {
				if (outcome.failure != null) {
					Duration wait = this.policy.afterFailure(call.service, attempt, call.remaining(this.deadline));
					return (wait != null) ? Mono.delay(wait).then(attempt(call, attempt + 1))
							: Mono.error(outcome.failure);
				}
				ClientResponse response = outcome.response;
				HttpHeaders headers = response.headers().asHttpHeaders();
				Duration wait = this.policy.afterAnswer(call.service, attempt, response.statusCode().value(),
						headers.getFirst(HttpHeaders.RETRY_AFTER),
						"true".equalsIgnoreCase(headers.getFirst(JunctionHeaders.LOAD_SHED)),
						call.remaining(this.deadline));
				return (wait != null) ? response.releaseBody().then(Mono.delay(wait)).then(attempt(call, attempt + 1))
						: Mono.just(response);
			});
	}

	/**
	 * Tells outlier detection that the instance this attempt went to did not answer in
	 * time: the timeout cancels the call, which the load balancer's lifecycle hooks (that
	 * feed it every other outcome) never report.
	 */
	private void reportTimeout(@Nullable AtomicReference<?> current, TimeoutException timedOut) {
		Object chosen = (current != null) ? current.get() : null;
		if (this.outliers != null && chosen instanceof ServiceInstance instance) {
			this.outliers.onComplete(new CompletionContext<>(CompletionContext.Status.FAILED, timedOut,
					new DefaultRequest<>(), new DefaultResponse(instance)));
		}
	}

	private static boolean isRetryable(Throwable failure) {
		return failure instanceof WebClientRequestException || failure instanceof IOException
				|| failure instanceof TimeoutException;
	}

	private record Call(ClientRequest request, ExchangeFunction next, String service, Duration perTry, long started) {

		Duration remaining(Duration deadline) {
			return deadline.minusNanos(System.nanoTime() - this.started);
		}

	}

	private record Outcome(@Nullable ClientResponse response, @Nullable Throwable failure) {

		static Outcome answer(ClientResponse response) {
			return new Outcome(response, null);
		}

		static Outcome failure(Throwable failure) {
			return new Outcome(null, failure);
		}

	}

}
