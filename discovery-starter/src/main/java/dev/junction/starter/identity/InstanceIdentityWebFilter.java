/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.identity;

import dev.junction.starter.JunctionHeaders;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The reactive twin of {@link InstanceIdentityFilter}.
 */
public class InstanceIdentityWebFilter implements WebFilter, Ordered {

	private final ResponseIdentity identity;

	/**
	 * Creates the filter.
	 * @param identity the instance's identity
	 * @param registration the service registry's registration, whose instance id the
	 * headers show when there is one
	 */
	public InstanceIdentityWebFilter(InstanceIdentity identity, ObjectProvider<Registration> registration) {
		this.identity = new ResponseIdentity(identity, registration);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpHeaders headers = exchange.getResponse().getHeaders();
		headers.set(JunctionHeaders.INSTANCE, this.identity.instanceId());
		headers.set(JunctionHeaders.INSTANCE_VERSION, this.identity.version());
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
