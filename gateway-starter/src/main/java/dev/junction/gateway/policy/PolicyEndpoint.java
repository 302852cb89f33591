/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.cloud.gateway.route.RouteLocator;

/**
 * {@code GET /actuator/junctionpolicies} (management port only): the traffic policy in
 * force per service, whether it came from Consul KV or the configuration, and the last
 * rejected KV document with its reason, so an operator sees at once why a change did not
 * take. A policy for a service no route sends traffic to (a typo, another case:
 * {@code SAMPLE-USER-SERVICE}) is shown as not applied, with the services that are
 * routed.
 */
@Endpoint(id = "junctionpolicies")
public class PolicyEndpoint {

	private final TrafficPolicies policies;

	private final @Nullable ConsulPolicyWatch watch;

	private final RouteLocator routes;

	PolicyEndpoint(TrafficPolicies policies, @Nullable ConsulPolicyWatch watch, RouteLocator routes) {
		this.policies = policies;
		this.watch = watch;
		this.routes = routes;
	}

	@ReadOperation
	public Mono<PoliciesDescriptor> policies() {
		return RoutedServices.of(this.routes)
			.map((routed) -> new PoliciesDescriptor(this.watch != null, this.watch != null && this.watch.hasSynced(),
					this.policies.states(routed)));
	}

	/**
	 * The endpoint's answer.
	 *
	 * @param livePolicies whether policies are watched in Consul KV
	 * @param consulSynced whether the KV watch has had an answer
	 * @param services the state per service
	 */
	public record PoliciesDescriptor(boolean livePolicies, boolean consulSynced,
			Map<String, TrafficPolicies.ServiceState> services) {
	}

}
