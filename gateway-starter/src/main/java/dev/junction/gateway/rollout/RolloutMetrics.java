/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.rollout;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.junction.gateway.policy.TrafficPolicies;
import dev.junction.gateway.policy.TrafficPolicy;
import dev.junction.gateway.rollout.RolloutStatus.Phase;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The rollouts as gauges, on every replica (each reads the statuses itself, so a
 * dashboard shows them whichever replica it scrapes): {@code junction.rollout.weight}
 * (tag {@code service}: the canary weight of the policy in force) and
 * {@code junction.rollout.phase} (tags {@code service} and {@code phase}: 1 for the
 * rollout's phase, {@code None} without a rollout, 0 for the others). Every service with
 * a policy has both.
 */
class RolloutMetrics {

	private static final String NONE = "None";

	private final TrafficPolicies policies;

	private final @Nullable MeterRegistry registry;

	private final Map<String, RolloutStatus> statuses = new ConcurrentHashMap<>();

	private final Set<String> registered = ConcurrentHashMap.newKeySet();

	RolloutMetrics(TrafficPolicies policies, @Nullable MeterRegistry registry) {
		this.policies = policies;
		this.registry = registry;
	}

	/**
	 * Takes the statuses just read and registers the gauges of services not seen before.
	 * @param current the statuses by service
	 */
	void update(Map<String, RolloutStatus> current) {
		this.statuses.keySet().retainAll(current.keySet());
		this.statuses.putAll(current);
		if (this.registry == null) {
			return;
		}
		for (String service : this.policies.services()) {
			register(service);
		}
		current.keySet().forEach(this::register);
	}

	private void register(String service) {
		if (this.registry == null || !this.registered.add(service)) {
			return;
		}
		Gauge.builder("junction.rollout.weight", () -> weight(service))
			.tag("service", service)
			.description("Canary weight of the service's traffic policy in force")
			.register(this.registry);
		registerPhase(service, NONE);
		for (Phase phase : Phase.values()) {
			registerPhase(service, phase.name());
		}
	}

	private void registerPhase(String service, String phase) {
		Gauge.builder("junction.rollout.phase", () -> phase(service).equals(phase) ? 1 : 0)
			.tags("service", service, "phase", phase)
			.description("1 for the phase of the service's rollout (None without one)")
			.register(this.registry);
	}

	private double weight(String service) {
		TrafficPolicy policy = this.policies.policyFor(service);
		return (policy != null && policy.canaryVersion() != null) ? policy.canaryWeight() : 0;
	}

	private String phase(String service) {
		RolloutStatus status = this.statuses.get(service);
		return (status != null) ? status.phase().name() : NONE;
	}

}
