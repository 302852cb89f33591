/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.rollout;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.junction.gateway.policy.PolicyDocuments;
import dev.junction.gateway.policy.TrafficPolicies;
import dev.junction.gateway.policy.TrafficPolicy;
import dev.junction.gateway.rollout.RolloutProgress.Action;
import dev.junction.gateway.rollout.RolloutStatus.Phase;
import dev.junction.starter.JunctionScheduler;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the rollouts of the whole edge, on the one replica that holds the leader lock:
 * once a second it reads the specs ({@code junction/rollouts/<service>}), their statuses
 * and the actions people asked for, judges the analysis intervals that are over (after a
 * grace period for late flushes) from {@link EdgeTrafficFigures}, moves each rollout on
 * with {@link RolloutProgress}, writes the policy's canary weight (a whole policy, copied
 * from the one in force, with {@code ?cas=}) and then the status. Every replica flushes
 * its figures each second, leader or not.
 * <p>
 * A new spec (a new {@code ModifyIndex}) starts a new rollout; deleting the spec stops it
 * and leaves the policy as it is. A replica that takes over goes on from the status: an
 * interval already judged is not judged again, a step already taken is not taken again.
 */
public class RolloutController implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RolloutController.class);

	private static final int MAX_INTERVALS_PER_ROUND = 20;

	private final ConsulKv consul;

	private final RolloutLeadership leadership;

	private final EdgeTrafficFigures figures;

	private final TrafficPolicies policies;

	private final RolloutProperties properties;

	private final String policyPrefix;

	private final JsonMapper json;

	private final Clock clock;

	private final Map<String, String> warned = new ConcurrentHashMap<>();

	private final RolloutMetrics metrics;

	private int rounds;

	private @Nullable JunctionScheduler scheduler;

	private volatile boolean running;

	RolloutController(ConsulKv consul, RolloutLeadership leadership, EdgeTrafficFigures figures,
			TrafficPolicies policies, RolloutProperties properties, String policyPrefix, JsonMapper json, Clock clock,
			@Nullable MeterRegistry meters) {
		this.consul = consul;
		this.leadership = leadership;
		this.figures = figures;
		this.policies = policies;
		this.properties = properties;
		this.policyPrefix = policyPrefix.endsWith("/") ? policyPrefix : policyPrefix + "/";
		this.json = json;
		this.clock = clock;
		this.metrics = new RolloutMetrics(policies, meters);
	}

	/**
	 * Whether this replica runs the rollouts now.
	 * @return {@code true} while it holds the lock
	 */
	public boolean isLeader() {
		return this.leadership.isLeader();
	}

	/**
	 * One round: flush, take or keep the lock, and if held, run every rollout.
	 */
	void round() {
		this.figures.flush();
		if (!this.leadership.round()) {
			// followers read the statuses for their gauges every few seconds
			if (this.rounds++ % 5 == 0) {
				try {
					this.metrics.update(readStatuses(this.consul.list(this.properties.getStatusPrefix())));
				}
				catch (IOException | RuntimeException ex) {
					// the gauges keep what they had
				}
			}
			return;
		}
		try {
			runRollouts(this.clock.instant());
		}
		catch (IOException | RuntimeException ex) {
			if (!this.running) {
				// stopping: the scheduler interrupted the round's Consul call
				return;
			}
			warnOnce("consul", ex.getMessage(),
					"Cannot run the rollouts this round (" + ex.getMessage() + "); trying again in a second");
		}
	}

	void runRollouts(Instant now) throws IOException {
		Map<String, ConsulKv.Entry> specs = this.consul.list(this.properties.getSpecPrefix());
		Map<String, ConsulKv.Entry> statuses = this.consul.list(this.properties.getStatusPrefix());
		Map<String, ConsulKv.Entry> actions = this.consul.list(this.properties.getActionPrefix());
		for (Map.Entry<String, ConsulKv.Entry> spec : specs.entrySet()) {
			run(spec.getKey(), spec.getValue(), statuses.get(spec.getKey()), actions.get(spec.getKey()), now);
		}
		for (Map.Entry<String, ConsulKv.Entry> status : statuses.entrySet()) {
			if (!specs.containsKey(status.getKey())) {
				stopWithoutSpec(status.getKey(), status.getValue(), now);
			}
		}
		this.metrics.update(readStatuses(this.consul.list(this.properties.getStatusPrefix())));
	}

	private Map<String, RolloutStatus> readStatuses(Map<String, ConsulKv.Entry> entries) {
		Map<String, RolloutStatus> statuses = new HashMap<>();
		entries.forEach((service, entry) -> {
			RolloutStatus status = readStatus(entry);
			if (status != null) {
				statuses.put(service, status);
			}
		});
		return statuses;
	}

	private void run(String service, ConsulKv.Entry specEntry, ConsulKv.@Nullable Entry statusEntry,
			ConsulKv.@Nullable Entry actionEntry, Instant now) throws IOException {
		RolloutSpec spec;
		try {
			spec = RolloutSpec.parse(specEntry.value(), this.json);
		}
		catch (IllegalArgumentException ex) {
			warnOnce("spec:" + service, specEntry.modifyIndex() + ex.getMessage(),
					"Rollout spec '" + this.properties.getSpecPrefix() + service + "' refused (" + ex.getMessage()
							+ "); nothing changes. Fix the document.");
			return;
		}
		RolloutStatus status = readStatus(statusEntry);
		boolean fresh = status == null || status.specIndex() != specEntry.modifyIndex();
		if (!fresh && status.phase().isFinal()) {
			if (actionEntry != null) {
				logger.warn("Rollout action for '" + service + "' not applied: the rollout is " + status.phase()
						+ "; write a new spec to start another");
				this.consul.delete(this.properties.getActionPrefix() + service, actionEntry.modifyIndex());
			}
			return;
		}
		String policyKey = this.policyPrefix + service;
		ConsulKv.Entry policyEntry = this.consul.get(policyKey);
		TrafficPolicy policy = currentPolicy(service, policyEntry);
		if (policy == null) {
			warnOnce("spec:" + service, specEntry.modifyIndex() + "no-policy",
					"Rollout of '" + service + "' waits: the service has no traffic policy (in KV at " + policyKey
							+ " or in junction.gateway.policies), so there is no stable version to compare with");
			return;
		}
		if (fresh) {
			if (spec.canaryVersion().equals(policy.stableVersion())) {
				warnOnce("spec:" + service, specEntry.modifyIndex() + "same", "Rollout of '" + service + "' refused: "
						+ spec.canaryVersion() + " is already the stable version; nothing changes");
				return;
			}
			status = RolloutProgress.start(spec, specEntry.modifyIndex(), now);
			logger.info("Rollout of '" + service + "' to " + spec.canaryVersion() + " started at weight "
					+ status.weight());
		}
		RolloutStatus next = status;
		if (actionEntry != null) {
			next = act(service, next, actionEntry, now);
		}
		next = judge(service, spec, policy.stableVersion(), next, now);
		next = RolloutProgress.advance(spec, next, now);
		if (next.phase() != status.phase() || next.step() != status.step()) {
			logger.info("Rollout of '" + service + "': " + next.phase() + " at step " + next.step() + " (weight "
					+ next.weight() + "): " + next.reason());
		}
		if (!applyPolicy(service, spec, next, policy, policyEntry)) {
			return;
		}
		if (fresh || !next.equals(status)) {
			if (!this.consul.put(this.properties.getStatusPrefix() + service, next.toJson(this.json),
					(statusEntry != null) ? statusEntry.modifyIndex() : 0)) {
				logger.debug("The status of '" + service + "' changed meanwhile; the next round reads it again");
			}
		}
	}

	/**
	 * The spec of a rollout that was still going on was deleted: the rollout stops where
	 * it is (the policy keeps its weight) and its status says so, rather than showing it
	 * as progressing forever. A finished rollout's status stays as it was.
	 */
	private void stopWithoutSpec(String service, ConsulKv.Entry statusEntry, Instant now) throws IOException {
		RolloutStatus status = readStatus(statusEntry);
		if (status == null || status.phase().isFinal() || RolloutProgress.isStopped(status)) {
			return;
		}
		RolloutStatus stopped = RolloutProgress.stop(status, now);
		logger.info("Rollout of '" + service + "' stopped: " + stopped.reason());
		this.consul.put(this.properties.getStatusPrefix() + service, stopped.toJson(this.json),
				statusEntry.modifyIndex());
	}

	private @Nullable RolloutStatus readStatus(ConsulKv.@Nullable Entry entry) {
		if (entry == null) {
			return null;
		}
		try {
			return RolloutStatus.fromJson(entry.value(), this.json);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private @Nullable TrafficPolicy currentPolicy(String service, ConsulKv.@Nullable Entry entry) {
		if (entry == null) {
			return this.policies.policyFor(service);
		}
		try {
			return PolicyDocuments.read(entry.value(), this.json);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private RolloutStatus act(String service, RolloutStatus status, ConsulKv.Entry actionEntry, Instant now)
			throws IOException {
		RolloutStatus next = status;
		String key = this.properties.getActionPrefix() + service;
		try {
			JsonNode document = this.json.readTree(actionEntry.value());
			String name = document.path("action").asString("");
			Action action = Action.valueOf(name.toUpperCase(Locale.ROOT));
			next = RolloutProgress.act(status, action, now);
			logger.info("Rollout of '" + service + "': action " + name + " applied");
		}
		catch (IllegalStateException ex) {
			logger.warn("Rollout action for '" + service + "' not applied: " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			logger.warn("Rollout action at '" + key + "' not understood (expected {\"action\": \"pause\"}, "
					+ "\"resume\", \"abort\" or \"promote\"): " + ex.getMessage());
		}
		this.consul.delete(key, actionEntry.modifyIndex());
		return next;
	}

	private RolloutStatus judge(String service, RolloutSpec spec, String stableVersion, RolloutStatus status,
			Instant now) {
		RolloutStatus next = status;
		long interval = spec.analysis().interval().toSeconds();
		Instant floor = next.stepStartedAt().isAfter(next.analyzedUntil()) ? next.stepStartedAt()
				: next.analyzedUntil();
		long start = Math.floorDiv(floor.getEpochSecond() + interval - 1, interval) * interval;
		if (floor.getNano() > 0 && start == floor.getEpochSecond()) {
			start += interval;
		}
		Duration grace = this.properties.getGrace();
		for (int i = 0; i < MAX_INTERVALS_PER_ROUND && next.phase() == Phase.Progressing; i++) {
			Instant from = Instant.ofEpochSecond(start);
			Instant to = Instant.ofEpochSecond(start + interval);
			if (to.plus(grace).isAfter(now)) {
				break;
			}
			VersionFigures stable = this.figures.read(service, stableVersion, from, to);
			VersionFigures canary = this.figures.read(service, spec.canaryVersion(), from, to);
			RolloutVerdict verdict = RolloutVerdict.judge(spec.analysis(), stable, canary);
			next = RolloutProgress.afterAnalysis(spec, next, to, verdict, now);
			start += interval;
		}
		return next;
	}

	private boolean applyPolicy(String service, RolloutSpec spec, RolloutStatus status, TrafficPolicy current,
			ConsulKv.@Nullable Entry entry) throws IOException {
		TrafficPolicy desired = desired(spec, status, current);
		if (entry != null && desired.equals(current)) {
			return true;
		}
		boolean written = this.consul.put(this.policyPrefix + service, PolicyDocuments.write(desired, this.json),
				(entry != null) ? entry.modifyIndex() : 0);
		if (!written) {
			logger.debug("The policy of '" + service + "' changed meanwhile; the next round reads it again");
		}
		return written;
	}

	static TrafficPolicy desired(RolloutSpec spec, RolloutStatus status, TrafficPolicy current) {
		if (status.phase() == Phase.Promoted) {
			if (spec.canaryVersion().equals(current.stableVersion())) {
				return current;
			}
			return new TrafficPolicy(spec.canaryVersion(), null, 0, current.canaryHeader(), current.canaryHeaderValue(),
					current.canaryCookie(), current.sticky(), current.stickyName(), current.fallback());
		}
		int weight = (status.phase() == Phase.RolledBack) ? 0 : status.weight();
		return new TrafficPolicy(current.stableVersion(), spec.canaryVersion(), weight, current.canaryHeader(),
				current.canaryHeaderValue(), current.canaryCookie(), current.sticky(), current.stickyName(),
				current.fallback());
	}

	private void warnOnce(String what, @Nullable String key, String message) {
		String value = String.valueOf(key);
		if (!value.equals(this.warned.put(what, value))) {
			logger.warn(message);
		}
	}

	RolloutLeadership leadershipForTests() {
		return this.leadership;
	}

	EdgeTrafficFigures figuresForTests() {
		return this.figures;
	}

	@Override
	public void start() {
		if (this.running) {
			return;
		}
		JunctionScheduler scheduler = JunctionScheduler.named("junction-rollouts");
		scheduler.scheduleWithFixedDelay(this::round, Duration.ofSeconds(1), Duration.ofSeconds(1));
		this.scheduler = scheduler;
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.scheduler != null) {
			this.scheduler.close();
			this.scheduler = null;
		}
		this.figures.flush();
		this.leadership.resign();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
