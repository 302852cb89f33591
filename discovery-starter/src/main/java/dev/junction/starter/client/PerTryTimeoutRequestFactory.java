/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * Makes the requests of a load-balanced {@code RestClient} with the read timeout of the
 * call under way: the per-try timeout the {@link RetryInterceptor} opened on the thread
 * for an idempotent call, the client's read timeout otherwise. A request factory holds
 * one read timeout, so there is one per timeout in use (the per-try timeouts of the
 * services called, a handful).
 */
class PerTryTimeoutRequestFactory implements ClientHttpRequestFactory {

	private static final ThreadLocal<@Nullable Duration> onThread = new ThreadLocal<>();

	private final ClientHttpRequestFactory standard;

	private final Function<Duration, ClientHttpRequestFactory> withReadTimeout;

	private final Map<Duration, ClientHttpRequestFactory> perTry = new ConcurrentHashMap<>();

	PerTryTimeoutRequestFactory(ClientHttpRequestFactory standard,
			Function<Duration, ClientHttpRequestFactory> withReadTimeout) {
		this.standard = standard;
		this.withReadTimeout = withReadTimeout;
	}

	/**
	 * Sets the read timeout of the requests this thread makes until the scope closes.
	 * @param timeout the per-try timeout
	 * @return what ends it
	 */
	static Scope openOnThisThread(Duration timeout) {
		Duration previous = onThread.get();
		onThread.set(timeout);
		return () -> onThread.set(previous);
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
		Duration timeout = onThread.get();
		ClientHttpRequestFactory factory = (timeout != null)
				? this.perTry.computeIfAbsent(timeout, this.withReadTimeout) : this.standard;
		return factory.createRequest(uri, httpMethod);
	}

	/** The end of a per-try timeout set on a thread. */
	@FunctionalInterface
	interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
