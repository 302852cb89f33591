/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.identity;

import java.io.IOException;

import dev.junction.starter.JunctionHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Adds {@code Junction-Instance} and {@code Junction-Instance-Version} to every servlet
 * response, so a canary can be watched with {@code curl -i}. The headers are set before
 * the chain runs because a response may be committed (or rejected by a later filter)
 * before control comes back.
 */
public class InstanceIdentityFilter extends OncePerRequestFilter implements Ordered {

	private final ResponseIdentity identity;

	/**
	 * Creates the filter.
	 * @param identity the instance's identity
	 * @param registration the service registry's registration, whose instance id the
	 * headers show when there is one
	 */
	public InstanceIdentityFilter(InstanceIdentity identity, ObjectProvider<Registration> registration) {
		this.identity = new ResponseIdentity(identity, registration);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader(JunctionHeaders.INSTANCE, this.identity.instanceId());
		response.setHeader(JunctionHeaders.INSTANCE_VERSION, this.identity.version());
		chain.doFilter(request, response);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
