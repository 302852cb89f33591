/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import java.io.IOException;

import dev.junction.starter.discovery.TriedInstances;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Tries an idempotent blocking call again when it fails with an I/O error. It sits in
 * front of the load balancer, so every attempt chooses an instance afresh: one the call
 * has not tried yet while there is one ({@link TriedInstances}), and an instance that
 * refused the connection has just been ejected for everyone. (Spring Cloud's own retry
 * for blocking clients needs Spring Retry and retries only GET.)
 */
class RetryInterceptor implements ClientHttpRequestInterceptor {

	private static final Log logger = LogFactory.getLog(RetryInterceptor.class);

	private final int maxAttempts;

	RetryInterceptor(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		if (this.maxAttempts <= 1 || !IdempotentMethods.contains(request.getMethod())) {
			return execution.execute(request, body);
		}
		try (TriedInstances.Scope tried = TriedInstances.openOnThisThread()) {
			for (int attempt = 1;; attempt++) {
				try {
					return execution.execute(request, body);
				}
				catch (IOException ex) {
					if (attempt >= this.maxAttempts) {
						throw ex;
					}
					if (logger.isDebugEnabled()) {
						logger.debug("Attempt " + attempt + " of " + request.getMethod() + " " + request.getURI()
								+ " failed (" + ex + "); trying another instance");
					}
				}
			}
		}
	}

}
