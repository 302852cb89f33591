/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.faults;

import java.io.IOException;

import dev.junction.starter.JunctionHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Injects the {@link FaultInjection faults} in force into a servlet application's own
 * requests: a delay holds the request thread first, an abort answers the status with a
 * problem body instead of handling the request. Every such answer carries
 * {@code Junction-Fault}. The health probes and the actuator are never touched, so an
 * instance under injected faults stays in rotation: that is the point of the exercise.
 */
public class FaultInjectionFilter extends OncePerRequestFilter implements Ordered {

	private final FaultInjection faults;

	public FaultInjectionFilter(FaultInjection faults) {
		this.faults = faults;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return FaultExclusions.isExcluded(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		FaultInjection.Fault fault = this.faults.next();
		if (fault == null) {
			chain.doFilter(request, response);
			return;
		}
		response.setHeader(JunctionHeaders.FAULT, fault.marker());
		if (!fault.delay().isZero()) {
			try {
				Thread.sleep(fault.delay().toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (fault.abortStatus() == 0) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = fault.problem();
		response.setStatus(fault.abortStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 20;
	}

}
