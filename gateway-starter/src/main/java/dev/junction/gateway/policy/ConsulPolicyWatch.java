/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import java.util.HashMap;
import java.util.Map;

import dev.junction.starter.consul.ConsulBlockingQueries;
import dev.junction.starter.consul.SnapshotStore;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;

/**
 * Keeps {@link TrafficPolicies} in step with the policy documents in Consul KV, one key
 * per service under {@code junction/policies/} (see {@link PolicyDocument} for the JSON).
 * It has its own blocking-query watch ({@link KvPrefixWatch}) rather than Spring Cloud
 * Consul Config's {@code ConfigWatch}, which polls its contexts one after another with 55
 * s waits and ignores deleted keys, so a change would not be in force within seconds.
 * <p>
 * Each document whose {@code ModifyIndex} moved is validated on its own and applied whole
 * or rejected (the policy in force stays); a key that disappeared returns its service to
 * the configured policy. Right after the agent reset, an empty KV does not remove the
 * live policies before {@code junction.gateway.live-policies.reset-grace} has passed.
 */
final class ConsulPolicyWatch implements SmartLifecycle {

	private final TrafficPolicies policies;

	private final JsonMapper json;

	private final KvPrefixWatch watch;

	private final Map<String, Long> seen = new HashMap<>();

	ConsulPolicyWatch(ConsulBlockingQueries queries, LivePolicies settings, TrafficPolicies policies, JsonMapper json) {
		this(queries, settings, null, policies, json);
	}

	ConsulPolicyWatch(ConsulBlockingQueries queries, LivePolicies settings, @Nullable SnapshotStore snapshots,
			TrafficPolicies policies, JsonMapper json) {
		this.policies = policies;
		this.json = json;
		this.watch = new KvPrefixWatch(queries, settings.getPrefix(), settings.getWait(), settings.getResetGrace(),
				snapshots, this::apply, json);
	}

	/**
	 * Whether Consul has answered the watch successfully at least once.
	 * @return {@code true} once the policies in KV are known
	 */
	boolean hasSynced() {
		return this.watch.hasSynced();
	}

	@Override
	public void start() {
		this.watch.start();
	}

	@Override
	public void stop() {
		this.watch.stop();
	}

	@Override
	public boolean isRunning() {
		return this.watch.isRunning();
	}

	private void apply(Map<String, KvPrefixWatch.Entry> documents) {
		synchronized (this.seen) {
			documents.forEach((service, document) -> {
				Long previous = this.seen.put(service, document.modifyIndex());
				if (previous == null || previous != document.modifyIndex()) {
					try {
						this.policies.applyLive(service, PolicyDocument.parse(document.value(), this.json),
								document.modifyIndex());
					}
					catch (IllegalArgumentException ex) {
						this.policies.reject(service, ex.getMessage(), document.modifyIndex());
					}
				}
			});
			this.seen.keySet().removeIf((service) -> {
				if (documents.containsKey(service)) {
					return false;
				}
				this.policies.removeLive(service);
				return true;
			});
		}
	}

}
