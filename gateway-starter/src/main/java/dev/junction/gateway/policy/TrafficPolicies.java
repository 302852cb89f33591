/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The policy in force for each service: the one from Consul KV when there is a valid one,
 * else the configured one. A policy is replaced as a whole by swapping an immutable map,
 * so a request sees either the old or the new policy, never a mix; a rejected document
 * leaves the policy in force untouched and is remembered with its reason.
 */
public class TrafficPolicies {

	private static final Log logger = LogFactory.getLog(TrafficPolicies.class);

	private final Map<String, TrafficPolicy> configured;

	private volatile Map<String, Live> live = Map.of();

	private volatile Map<String, Rejection> rejections = Map.of();

	public TrafficPolicies(Map<String, TrafficPolicy> configured) {
		this.configured = Map.copyOf(configured);
	}

	/**
	 * The policy in force for a service.
	 * @param service the Consul service name
	 * @return its policy, or {@code null} when it has none
	 */
	public @Nullable TrafficPolicy policyFor(String service) {
		Live fromConsul = this.live.get(service);
		return (fromConsul != null) ? fromConsul.policy() : this.configured.get(service);
	}

	synchronized void applyLive(String service, TrafficPolicy policy, long modifyIndex) {
		Map<String, Live> updated = new HashMap<>(this.live);
		updated.put(service, new Live(policy, modifyIndex));
		this.live = Map.copyOf(updated);
		clearRejection(service);
		logger.info("Applied the traffic policy of '" + service + "' from Consul KV (index " + modifyIndex + "): "
				+ policy);
	}

	synchronized void removeLive(String service) {
		if (this.live.containsKey(service)) {
			Map<String, Live> updated = new HashMap<>(this.live);
			updated.remove(service);
			this.live = Map.copyOf(updated);
			logger.info("The traffic policy of '" + service + "' was deleted from Consul KV; back to the configured "
					+ "one: " + this.configured.get(service));
		}
		clearRejection(service);
	}

	synchronized void reject(String service, String reason, long modifyIndex) {
		Map<String, Rejection> updated = new HashMap<>(this.rejections);
		updated.put(service, new Rejection(reason, modifyIndex, Instant.now()));
		this.rejections = Map.copyOf(updated);
		logger.warn("Rejected the traffic policy of '" + service + "' in Consul KV (index " + modifyIndex + "): "
				+ reason + ". The policy in force stays: " + policyFor(service)
				+ ". Fix the JSON document (see GET /actuator/junctionpolicies on the management port).");
	}

	private void clearRejection(String service) {
		if (this.rejections.containsKey(service)) {
			Map<String, Rejection> updated = new HashMap<>(this.rejections);
			updated.remove(service);
			this.rejections = Map.copyOf(updated);
		}
	}

	/**
	 * The services that have a policy, from configuration or Consul KV.
	 * @return their names, sorted
	 */
	public Set<String> services() {
		TreeSet<String> services = new TreeSet<>(this.configured.keySet());
		services.addAll(this.live.keySet());
		return services;
	}

	/**
	 * What is in force per service, where it came from, whether it applies and the last
	 * rejection.
	 * @param routed the services the routes send traffic to
	 * @return the state, by service name
	 */
	public Map<String, ServiceState> states(Collection<String> routed) {
		Map<String, Live> fromConsul = this.live;
		Map<String, Rejection> rejected = this.rejections;
		TreeSet<String> services = new TreeSet<>(this.configured.keySet());
		services.addAll(fromConsul.keySet());
		services.addAll(rejected.keySet());
		Map<String, ServiceState> states = new LinkedHashMap<>();
		for (String service : services) {
			Live live = fromConsul.get(service);
			String source = (live != null) ? "consul"
					: (this.configured.containsKey(service) ? "configuration" : "none");
			String notApplied = routed.contains(service) ? null : "no route sends traffic to service '" + service
					+ "' (names match exactly, case included; " + "routed: " + String.join(", ", routed) + ")";
			states.put(service, new ServiceState(source, policyFor(service), (live != null) ? live.modifyIndex() : null,
					rejected.get(service), notApplied == null, notApplied));
		}
		return states;
	}

	private record Live(TrafficPolicy policy, long modifyIndex) {
	}

	/**
	 * A document in Consul KV that was not applied.
	 *
	 * @param reason what is wrong with it
	 * @param modifyIndex its {@code ModifyIndex} in Consul
	 * @param at when it was rejected
	 */
	public record Rejection(String reason, long modifyIndex, Instant at) {
	}

	/**
	 * One service's policy state.
	 *
	 * @param source {@code consul}, {@code configuration} or {@code none}
	 * @param policy the policy in force, if any
	 * @param consulModifyIndex the KV {@code ModifyIndex} of the policy in force when it
	 * came from Consul
	 * @param lastRejection the last rejected document, when it is still the latest one
	 * @param applied whether the policy is applied to any traffic
	 * @param notAppliedReason why it is not, when it is not
	 */
	public record ServiceState(String source, @Nullable TrafficPolicy policy, @Nullable Long consulModifyIndex,
			@Nullable Rejection lastRejection, boolean applied, @Nullable String notAppliedReason) {
	}

}
