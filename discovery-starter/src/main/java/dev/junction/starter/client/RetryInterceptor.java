/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.function.Function;

import dev.junction.starter.JunctionHeaders;
import dev.junction.starter.discovery.TriedInstances;
import dev.junction.starter.retry.RetryPolicy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Tries an idempotent blocking call again when it fails without an answer (I/O error,
 * per-try timeout) or answers with a retried status (503 by default), as the
 * {@link RetryPolicy} decides: within the call's deadline, after a jittered backoff or
 * the answer's {@code Retry-After}, and while the service's retry budget allows. It sits
 * in front of the load balancer, so every attempt chooses an instance afresh: one the
 * call has not tried yet while there is one ({@link TriedInstances}). Each attempt of an
 * idempotent call waits at most the service's per-try timeout for its answer
 * ({@link PerTryTimeoutRequestFactory}). When no retry is made, the last answer or
 * failure goes back to the caller. (Spring Cloud's own retry for blocking clients needs
 * Spring Retry and retries only GET.)
 */
class RetryInterceptor implements ClientHttpRequestInterceptor {

	private static final Log logger = LogFactory.getLog(RetryInterceptor.class);

	private final RetryPolicy policy;

	private final Duration deadline;

	private final Function<String, Duration> perTryTimeouts;

	RetryInterceptor(RetryPolicy policy, Duration deadline, Function<String, Duration> perTryTimeouts) {
		this.policy = policy;
		this.deadline = deadline;
		this.perTryTimeouts = perTryTimeouts;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String service = request.getURI().getHost();
		if (service == null) {
			return execution.execute(request, body);
		}
		// every call adds to the budget, retried or not
		this.policy.recordRequest(service);
		if (!IdempotentMethods.contains(request.getMethod())) {
			return execution.execute(request, body);
		}
		long started = System.nanoTime();
		try (TriedInstances.Scope tried = TriedInstances.openOnThisThread();
				PerTryTimeoutRequestFactory.Scope timeout = PerTryTimeoutRequestFactory
					.openOnThisThread(this.perTryTimeouts.apply(service))) {
			for (int attempt = 1;; attempt++) {
				ClientHttpResponse response;
				try {
					response = execution.execute(request, body);
				}
				catch (IOException ex) {
					Duration wait = this.policy.afterFailure(service, attempt, remaining(started));
					if (wait == null) {
						throw ex;
					}
					log(request, attempt, ex.toString(), wait);
					sleep(wait);
					continue;
				}
				HttpHeaders headers = response.getHeaders();
				int status = response.getStatusCode().value();
				Duration wait = this.policy.afterAnswer(service, attempt, status,
						headers.getFirst(HttpHeaders.RETRY_AFTER),
						"true".equalsIgnoreCase(headers.getFirst(JunctionHeaders.LOAD_SHED)), remaining(started));
				if (wait == null) {
					return response;
				}
				response.close();
				log(request, attempt, "status " + status, wait);
				sleep(wait);
			}
		}
	}

	private Duration remaining(long started) {
		return this.deadline.minusNanos(System.nanoTime() - started);
	}

	private static void log(HttpRequest request, int attempt, String outcome, Duration wait) {
		if (logger.isDebugEnabled()) {
			logger.debug("Attempt " + attempt + " of " + request.getMethod() + " " + request.getURI() + " failed ("
					+ outcome + "); trying another instance in " + wait.toMillis() + " ms");
		}
	}

	private static void sleep(Duration wait) throws InterruptedIOException {
		try {
			Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting to retry");
		}
	}

}
