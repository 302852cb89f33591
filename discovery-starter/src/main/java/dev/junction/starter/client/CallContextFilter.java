/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import java.io.IOException;

import dev.junction.starter.JunctionHeaders;
import dev.junction.starter.JunctionMdc;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the incoming request's {@code Junction-Version} and correlation id in the MDC
 * while the request is handled, so logs show them and load-balanced calls and published
 * messages carry them on. Ordered after Boot's observation filter, so a trace id is
 * already there to serve as correlation id when the request brings none.
 */
public class CallContextFilter extends OncePerRequestFilter implements Ordered {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		CallContext context = CallContext.incoming(request.getHeader(JunctionHeaders.VERSION),
				request.getHeader(JunctionHeaders.CORRELATION_ID));
		try (JunctionMdc.Scope scope = JunctionMdc.open(context.toMdc())) {
			chain.doFilter(request, response);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 20;
	}

}
