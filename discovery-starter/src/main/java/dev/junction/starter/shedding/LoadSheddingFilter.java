/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shedding;

import java.io.IOException;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds a permit of the app's {@link ConcurrencyLimiter} for the whole handling of a
 * servlet request, and answers {@code 503} at once when there is none. An asynchronous
 * request (a {@code Callable}, a {@code DeferredResult}, streaming) keeps its permit
 * until the async cycle completes, errors or times out, not just until its first dispatch
 * returns; its later dispatches pass through without a permit of their own.
 */
public class LoadSheddingFilter extends OncePerRequestFilter implements Ordered {

	/**
	 * Order: after the instance identity headers (so a refusal names the instance),
	 * before fault injection (an injected delay holds a place, as a slow handler does)
	 * and before security and everything else that costs.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 15;

	private final ConcurrencyLimiter limiter;

	private final LimitSettings settings;

	private final UnlimitedPaths unlimited;

	LoadSheddingFilter(ConcurrencyLimiter limiter, LimitSettings settings, UnlimitedPaths unlimited) {
		this.limiter = limiter;
		this.settings = settings;
		this.unlimited = unlimited;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return this.unlimited.matches(path);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ConcurrencyLimiter.Permit permit = this.limiter.tryAcquire();
		if (permit == null) {
			shed(response);
			return;
		}
		boolean async = false;
		try {
			chain.doFilter(request, response);
			if (request.isAsyncStarted()) {
				request.getAsyncContext().addListener(new ReleasingListener(permit));
				async = true;
			}
		}
		finally {
			if (!async) {
				permit.release();
			}
		}
	}

	private void shed(HttpServletResponse response) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		byte[] body = ShedResponse.body(this.settings.retryAfterSeconds());
		response.setStatus(ShedResponse.STATUS);
		response.setHeader(ShedResponse.RETRY_AFTER, this.settings.retryAfterSeconds());
		response.setHeader(ShedResponse.LOAD_SHED, "true");
		response.setContentType(ShedResponse.CONTENT_TYPE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/** Releases the permit when the async cycle ends, however it ends. */
	private record ReleasingListener(ConcurrencyLimiter.Permit permit) implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			this.permit.release();
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			this.permit.release();
		}

		@Override
		public void onError(AsyncEvent event) {
			this.permit.release();
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			// a new cycle of the same request: keep listening to it
			event.getAsyncContext().addListener(this);
		}

	}

}
