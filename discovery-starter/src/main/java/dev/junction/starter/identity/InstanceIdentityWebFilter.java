package dev.junction.starter.identity;

import dev.junction.starter.JunctionHeaders;
import reactor.core.publisher.Mono;

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

	InstanceIdentityWebFilter(ResponseIdentity identity) {
		this.identity = identity;
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
