/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import java.net.InetSocketAddress;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * The address of the client behind a request: the socket peer, unless the peer is a
 * configured trusted proxy, in which case {@code X-Forwarded-For} is read from the right
 * (the entries a trusted proxy appended) and the first address that is not itself a
 * trusted proxy is the client. Entries left of it were written by the client and are
 * never believed, so a spoofed {@code X-Forwarded-For} from an untrusted peer changes
 * nothing.
 */
public final class ClientAddressResolver {

	static final String ATTRIBUTE = ClientAddressResolver.class.getName() + ".address";

	private static final String X_FORWARDED_FOR = "X-Forwarded-For";

	private final List<IpRange> trustedProxies;

	/**
	 * A resolver trusting the given proxies.
	 * @param trustedProxies addresses or CIDR ranges of trusted proxies (none: the socket
	 * peer is always the client)
	 */
	public ClientAddressResolver(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies.stream().filter(StringUtils::hasText).map(IpRange::parse).toList();
	}

	/**
	 * The client's address, resolved once per exchange.
	 * @param exchange the exchange
	 * @return the address, or {@code null} when the connection has none (not over TCP)
	 */
	public @Nullable String resolve(ServerWebExchange exchange) {
		String cached = exchange.getAttribute(ATTRIBUTE);
		if (cached != null) {
			return cached;
		}
		String resolved = resolve(peer(exchange), exchange.getRequest().getHeaders().get(X_FORWARDED_FOR));
		if (resolved != null) {
			exchange.getAttributes().put(ATTRIBUTE, resolved);
		}
		return resolved;
	}

	@Nullable String resolve(@Nullable String peer, @Nullable List<String> forwardedFor) {
		if (peer == null || forwardedFor == null || !isTrusted(peer)) {
			return peer;
		}
		String client = peer;
		for (int i = forwardedFor.size() - 1; i >= 0; i--) {
			String[] hops = forwardedFor.get(i).split(",");
			for (int j = hops.length - 1; j >= 0; j--) {
				String hop = hops[j].trim();
				if (IpRange.parseAddress(hop) == null) {
					// not an address: whatever a trusted
					// proxy passed on is no key to trust
					return client;
				}
				client = hop;
				if (!isTrusted(hop)) {
					return client;
				}
			}
		}
		return client;
	}

	private boolean isTrusted(String address) {
		byte[] bytes = IpRange.parseAddress(address);
		if (bytes == null) {
			return false;
		}
		for (IpRange range : this.trustedProxies) {
			if (range.contains(bytes)) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable String peer(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		if (remote == null) {
			return null;
		}
		return (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
	}

}
