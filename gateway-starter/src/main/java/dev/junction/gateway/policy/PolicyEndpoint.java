package dev.junction.gateway.policy;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code GET /actuator/junctionpolicies} (management port only): the traffic policy in
 * force per service, whether it came from Consul KV or the configuration, and the last
 * rejected KV document with its reason, so an operator sees at once why a change did not
 * take.
 */
@Endpoint(id = "junctionpolicies")
public class PolicyEndpoint {

	private final TrafficPolicies policies;

	private final @Nullable ConsulPolicyWatch watch;

	PolicyEndpoint(TrafficPolicies policies, @Nullable ConsulPolicyWatch watch) {
		this.policies = policies;
		this.watch = watch;
	}

	@ReadOperation
	public PoliciesDescriptor policies() {
		return new PoliciesDescriptor(this.watch != null, this.watch != null && this.watch.hasSynced(),
				this.policies.states());
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
