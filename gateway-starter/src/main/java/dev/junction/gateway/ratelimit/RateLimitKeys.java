/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.junction.gateway.GatewayHeaders;
import dev.junction.gateway.edge.ClientAddressResolver;
import reactor.core.publisher.Mono;

import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * The key of a client's bucket. API keys and principal names are hashed: they can be long
 * and secret, and Redis needs neither their length nor their value.
 */
final class RateLimitKeys {

	private static final String UNKNOWN = "unknown";

	private final ClientAddressResolver clientAddress;

	RateLimitKeys(ClientAddressResolver clientAddress) {
		this.clientAddress = clientAddress;
	}

	Mono<String> key(ServerWebExchange exchange, RateLimitProperties.KeySource source) {
		return switch (source) {
			case CLIENT_ADDRESS -> Mono.just(address(exchange));
			case API_KEY -> {
				String apiKey = exchange.getRequest().getHeaders().getFirst(GatewayHeaders.API_KEY);
				yield Mono.just(StringUtils.hasText(apiKey) ? "key:" + hash(apiKey) : address(exchange));
			}
			case PRINCIPAL -> exchange.getPrincipal()
				.map((principal) -> "user:" + hash(principal.getName()))
				.defaultIfEmpty(address(exchange));
		};
	}

	private String address(ServerWebExchange exchange) {
		String address = this.clientAddress.resolve(exchange);
		return "ip:" + ((address != null) ? address : UNKNOWN);
	}

	private static String hash(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java platform", ex);
		}
	}

}
