/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Applies a {@link TrafficPolicy} to a request: header, then cookie, then weight, as the
 * ingress-nginx canary annotations do. Pure: the only input besides the request is the
 * client address (resolved elsewhere, trusted proxies considered), so it is easy to test.
 */
public final class VersionChooser {

	private VersionChooser() {
	}

	/**
	 * The version for a request.
	 * @param policy the service's policy
	 * @param request the incoming request
	 * @param clientAddress the client's address, used only when the policy is sticky by
	 * it
	 * @return the choice
	 */
	public static VersionChoice choose(TrafficPolicy policy, ServerHttpRequest request,
			@Nullable String clientAddress) {
		String canary = policy.canaryVersion();
		if (canary == null) {
			return new VersionChoice(policy.stableVersion(), false, VersionChoice.Rule.STABLE_ONLY);
		}
		Boolean byHeader = byHeader(policy, request.getHeaders().getFirst(policy.canaryHeader()));
		if (byHeader != null) {
			return choice(policy, byHeader, VersionChoice.Rule.HEADER);
		}
		// most requests carry no cookie: parsing none still costs a map per request
		HttpCookie cookie = request.getHeaders().containsHeader(HttpHeaders.COOKIE)
				? request.getCookies().getFirst(policy.canaryCookie()) : null;
		Boolean byCookie = (cookie != null) ? alwaysOrNever(cookie.getValue()) : null;
		if (byCookie != null) {
			return choice(policy, byCookie, VersionChoice.Rule.COOKIE);
		}
		String key = stickyKey(policy, request, clientAddress);
		if (key != null) {
			return choice(policy, CanaryBuckets.isCanary(key, policy.canaryWeight()), VersionChoice.Rule.STICKY);
		}
		return choice(policy, CanaryBuckets.drawCanary(policy.canaryWeight()), VersionChoice.Rule.RANDOM);
	}

	private static @Nullable Boolean byHeader(TrafficPolicy policy, @Nullable String value) {
		if (value == null) {
			return null;
		}
		if (policy.canaryHeaderValue() != null) {
			return policy.canaryHeaderValue().equals(value) ? Boolean.TRUE : null;
		}
		return alwaysOrNever(value);
	}

	private static @Nullable Boolean alwaysOrNever(String value) {
		if (TrafficPolicy.ALWAYS.equals(value)) {
			return Boolean.TRUE;
		}
		if (TrafficPolicy.NEVER.equals(value)) {
			return Boolean.FALSE;
		}
		return null;
	}

	private static @Nullable String stickyKey(TrafficPolicy policy, ServerHttpRequest request,
			@Nullable String clientAddress) {
		String key = switch (policy.sticky()) {
			case HEADER -> request.getHeaders().getFirst(policy.stickyName());
			case COOKIE -> {
				HttpCookie cookie = request.getCookies().getFirst(policy.stickyName());
				yield (cookie != null) ? cookie.getValue() : null;
			}
			case CLIENT_ADDRESS -> clientAddress;
			case NONE -> null;
		};
		return (key != null && !key.isEmpty()) ? key : null;
	}

	private static VersionChoice choice(TrafficPolicy policy, boolean canary, VersionChoice.Rule rule) {
		String version = canary ? policy.canaryVersion() : policy.stableVersion();
		return new VersionChoice(version, canary, rule);
	}

}
