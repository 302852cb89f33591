/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import java.net.URI;
import java.util.Set;
import java.util.TreeSet;

import dev.junction.gateway.edge.ClientAddressResolver;
import dev.junction.gateway.edge.GatewayProblems;
import dev.junction.starter.JunctionHeaders;
import dev.junction.starter.discovery.VersionPreferenceServiceInstanceListSupplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;

/**
 * Chooses the version of every request to an {@code lb://} service with a policy and
 * stamps it as {@code Junction-Version}, replacing whatever the client sent (which is
 * dropped on every route). It runs right before Spring Cloud Gateway's
 * {@link ReactiveLoadBalancerClientFilter}, which hands the request's headers to the load
 * balancer in its {@code RequestDataContext}; there the starter's version-preference
 * supplier keeps only instances of the stamped version. That is LoadBalancer's own
 * extension point for request-aware choices (as its hint-based supplier uses), so
 * instance choice, ejection, zone preference and the lifecycle callbacks stay Spring
 * Cloud's.
 * <p>
 * The policy decision is made once per request and kept in an exchange attribute, so a
 * retry stays on the version (only the availability check is repeated, so a retry may
 * fall back when the chosen version's last instance was just ejected).
 * <p>
 * When the policy forbids falling back, the check here is not enough: the version's last
 * instance may vanish before the load balancer chooses, and the supplier would then use
 * any instance. The filter marks such requests with {@link #STRICT_VERSION_ATTRIBUTE} so
 * that the supplier offers none instead, and answers the policy's {@code 503}.
 */
public class VersionRoutingFilter implements GlobalFilter, Ordered {

	/** Exchange attribute holding the {@link VersionChoice} of the request. */
	public static final String CHOICE_ATTRIBUTE = VersionRoutingFilter.class.getName() + ".choice";

	/**
	 * Exchange attribute holding the service name a policy applied to (set with the
	 * choice).
	 */
	public static final String SERVICE_ATTRIBUTE = VersionRoutingFilter.class.getName() + ".service";

	/**
	 * Exchange attribute holding the version the request was sent to; the load balancer
	 * reads it as
	 * {@link VersionPreferenceServiceInstanceListSupplier#REQUESTED_VERSION_ATTRIBUTE},
	 * and an {@link AttributeHeaderFilter} writes it into the request sent on.
	 */
	public static final String VERSION_ATTRIBUTE = VersionPreferenceServiceInstanceListSupplier.REQUESTED_VERSION_ATTRIBUTE;

	/**
	 * Load-balancer request attribute set when the policy forbids falling back: the
	 * starter's version-preference supplier then offers only instances of the stamped
	 * version (Spring Cloud Gateway hands the exchange attributes to the load balancer).
	 * An attribute, so no client can set it and nothing of it reaches the service.
	 */
	public static final String STRICT_VERSION_ATTRIBUTE = VersionPreferenceServiceInstanceListSupplier.STRICT_VERSION_ATTRIBUTE;

	/**
	 * Exchange attribute set when the canary header or cookie named the version: the load
	 * balancer then reaches that version's instances even while outlier detection ejects
	 * all of them.
	 */
	public static final String EXPLICIT_VERSION_ATTRIBUTE = VersionPreferenceServiceInstanceListSupplier.EXPLICIT_VERSION_ATTRIBUTE;

	/** Order: after the route's URL is known, right before the load balancer. */
	public static final int ORDER = ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER - 10;

	private final TrafficPolicies policies;

	private final VersionAvailability availability;

	private final ClientAddressResolver clientAddress;

	VersionRoutingFilter(TrafficPolicies policies, VersionAvailability availability,
			ClientAddressResolver clientAddress) {
		this.policies = policies;
		this.availability = availability;
		this.clientAddress = clientAddress;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		String service = loadBalancedService(exchange);
		TrafficPolicy policy = (service != null) ? this.policies.policyFor(service) : null;
		if (service == null || policy == null) {
			if (!exchange.getRequest().getHeaders().containsHeader(JunctionHeaders.VERSION)) {
				return chain.filter(exchange);
			}
			ServerHttpRequest request = exchange.getRequest()
				.mutate()
				.headers((headers) -> headers.remove(JunctionHeaders.VERSION))
				.build();
			return chain.filter(exchange.mutate().request(request).build());
		}
		VersionChoice choice = exchange.getAttribute(CHOICE_ATTRIBUTE);
		if (choice == null) {
			choice = VersionChooser.choose(policy, exchange.getRequest(), clientAddressIfUsed(policy, exchange));
			exchange.getAttributes().put(CHOICE_ATTRIBUTE, choice);
			exchange.getAttributes().put(SERVICE_ATTRIBUTE, service);
		}
		VersionChoice chosen = choice;
		boolean explicit = chosen.rule() == VersionChoice.Rule.HEADER || chosen.rule() == VersionChoice.Rule.COOKIE;
		return this.availability.versions(service, explicit).flatMap((versions) -> {
			String version = resolve(service, policy, chosen, versions);
			// an attribute, not a header: the request is not copied to carry it
			exchange.getAttributes().put(VERSION_ATTRIBUTE, version);
			if (explicit) {
				exchange.getAttributes().put(EXPLICIT_VERSION_ATTRIBUTE, Boolean.TRUE);
			}
			if (policy.fallback()) {
				exchange.getAttributes().remove(STRICT_VERSION_ATTRIBUTE);
				return chain.filter(exchange);
			}
			// the version's last instance may vanish between the check above and the load
			// balancer's choice: the supplier must then offer none rather than the other
			// version, and the answer is the policy's 503
			exchange.getAttributes().put(STRICT_VERSION_ATTRIBUTE, Boolean.TRUE);
			return chain.filter(exchange)
				.onErrorMap(NotFoundException.class,
						(ex) -> noHealthyVersion(service, policy, chosen, without(versions, version)));
		});
	}

	static String resolve(String service, TrafficPolicy policy, VersionChoice choice, Set<String> healthy) {
		if (healthy.contains(choice.version())) {
			return choice.version();
		}
		String other = otherVersion(policy, choice);
		if (other != null && policy.fallback() && healthy.contains(other)) {
			return other;
		}
		throw noHealthyVersion(service, policy, choice, healthy);
	}

	private static Set<String> without(Set<String> versions, String version) {
		Set<String> others = new TreeSet<>(versions);
		others.remove(version);
		return others;
	}

	private static @Nullable String otherVersion(TrafficPolicy policy, VersionChoice choice) {
		return choice.canary() ? policy.stableVersion() : policy.canaryVersion();
	}

	private static ErrorResponseException noHealthyVersion(String service, TrafficPolicy policy, VersionChoice choice,
			Set<String> healthy) {
		String other = otherVersion(policy, choice);
		String detail;
		if (healthy.isEmpty()) {
			detail = "No healthy instance of " + service + ". Try again later.";
		}
		else if (other != null && !policy.fallback() && healthy.contains(other)) {
			detail = "No healthy instance of " + service + " version " + choice.version()
					+ ", and its traffic policy forbids falling back to " + other + ". Try again later.";
		}
		else {
			detail = "No healthy instance of " + service + " version " + choice.version()
					+ ((other != null) ? " or " + other : "") + ". Try again later.";
		}
		return GatewayProblems.problem(HttpStatus.SERVICE_UNAVAILABLE, "no-healthy-version", detail);
	}

	private @Nullable String clientAddressIfUsed(TrafficPolicy policy, ServerWebExchange exchange) {
		return (policy.sticky() == Sticky.CLIENT_ADDRESS) ? this.clientAddress.resolve(exchange) : null;
	}

	private static @Nullable String loadBalancedService(ServerWebExchange exchange) {
		URI url = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		String schemePrefix = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_SCHEME_PREFIX_ATTR);
		if (url == null || (!"lb".equals(url.getScheme()) && !"lb".equals(schemePrefix))) {
			return null;
		}
		return url.getHost();
	}

}
