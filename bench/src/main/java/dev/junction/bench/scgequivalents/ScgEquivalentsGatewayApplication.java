/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scgequivalents;

import java.net.InetSocketAddress;

import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.context.annotation.Bean;

/**
 * The "Spring Cloud Gateway with its own equivalents" reference of G1 and G3: what a team
 * builds from Spring Cloud's own parts instead of Junction's gateway. Spring Cloud
 * Gateway (server-webflux) with Consul discovery and Spring Cloud LoadBalancer, the
 * {@code RequestRateLimiter} filter on {@code RedisRateLimiter}, the
 * {@code CircuitBreaker} filter on Resilience4j and the {@code Retry} filter, each
 * configured as its documentation shows; the routes (a {@code Weight} predicate over one
 * {@code lb://} route per version) come from the scenario's properties. The only code is
 * the rate limit's key, the client's address, which Spring Cloud Gateway leaves to the
 * application. Run from the bench module's classpath plus {@code target/lib-plain-cloud}
 * and {@code target/lib-scg-equivalents}.
 */
@SpringBootApplication
public class ScgEquivalentsGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(ScgEquivalentsGatewayApplication.class, args);
	}

	/**
	 * The rate limit's key: the client's address, as the Junction gateway's default key.
	 * @return the resolver the routes name as {@code #{@clientAddressKeyResolver}}
	 */
	@Bean
	KeyResolver clientAddressKeyResolver() {
		return (exchange) -> Mono.justOrEmpty(exchange.getRequest().getRemoteAddress())
			.map(InetSocketAddress::getAddress)
			.map((address) -> address.getHostAddress());
	}

}
