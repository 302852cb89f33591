/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import java.io.IOException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Sends the current {@link CallContext} on with a blocking call. It runs before the load
 * balancer, which reads the {@code Junction-Version} header to prefer instances of that
 * version.
 */
class CallContextInterceptor implements ClientHttpRequestInterceptor {

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		HttpHeaders headers = request.getHeaders();
		CallContext.fromMdc().writeTo(headers::containsHeader, headers::set);
		return execution.execute(request, body);
	}

}
