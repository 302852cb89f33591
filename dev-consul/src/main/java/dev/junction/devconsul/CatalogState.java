/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Services, checks and their per-query indexes. Not thread-safe by itself: callers hold
 * the instance's monitor ({@link Registry} for writes, endpoints for reads).
 *
 * <p>
 * Indexes are per query, as in Consul: {@link #servicesIndex()} moves only when a service
 * is added, changed or removed (not on check updates, not on an identical
 * re-registration); {@link #healthIndex(String)} moves when an instance of that service
 * or one of its checks changes; {@link #checksIndex()} moves on every check change.
 */
final class CatalogState {

	static final String SERF_CHECK_ID = "serfHealth";

	private final NodeInfo node;

	private final AtomicLong raftIndex;

	private final ServiceEntry consulService;

	private final CheckState serfHealth;

	private final Map<String, ServiceEntry> services = new TreeMap<>();

	private final Map<String, CheckState> checks = new TreeMap<>();

	private final Map<String, Long> nameIndexes = new HashMap<>();

	private final Set<String> changedTopics = new LinkedHashSet<>();

	private final long nodeIndex;

	private long servicesIndex;

	private long checksIndex;

	CatalogState(NodeInfo node, AtomicLong raftIndex) {
		this.node = node;
		this.raftIndex = raftIndex;
		long index = raftIndex.incrementAndGet();
		this.consulService = new ServiceEntry(
				new ServiceDefinition("consul", "consul", List.of(), "", Map.of(), 8300, false, 1, 1, null), index,
				index);
		CheckDefinition serf = new CheckDefinition(SERF_CHECK_ID, "Serf Health Status", null, "", null, null, null,
				null, Map.of(), null, false, null, null, null, null, CheckDefinition.Thresholds.NONE);
		this.serfHealth = new CheckState(serf, HealthStatus.PASSING, "Agent alive and reachable", index, index, 0, 0);
		this.nodeIndex = index;
		this.servicesIndex = index;
		this.checksIndex = index;
	}

	NodeInfo node() {
		return this.node;
	}

	long nextIndex() {
		return this.raftIndex.incrementAndGet();
	}

	/** The index at which the node (and the built-in {@code consul} service) appeared. */
	long nodeIndex() {
		return this.nodeIndex;
	}

	long servicesIndex() {
		return this.servicesIndex;
	}

	long checksIndex() {
		return this.checksIndex;
	}

	/** The index of {@code health/service/{name}} and friends. */
	long healthIndex(String name) {
		return this.nameIndexes.getOrDefault(name, this.servicesIndex);
	}

	/** Services registered through this agent (not the built-in {@code consul}). */
	List<ServiceEntry> agentServices() {
		return new ArrayList<>(this.services.values());
	}

	/** Every service in the catalog, {@code consul} first. */
	List<ServiceEntry> catalogServices() {
		List<ServiceEntry> all = new ArrayList<>(this.services.size() + 1);
		all.add(this.consulService);
		all.addAll(this.services.values());
		return all;
	}

	List<ServiceEntry> instances(String name) {
		return catalogServices().stream().filter((entry) -> entry.name().equals(name)).toList();
	}

	ServiceEntry service(String id) {
		return this.services.get(id);
	}

	CheckState check(String id) {
		return this.checks.get(id);
	}

	/** Checks registered through this agent (not the built-in node check). */
	List<CheckState> agentChecks() {
		return new ArrayList<>(this.checks.values());
	}

	/** The node checks first, then every service check. */
	List<CheckState> catalogChecks() {
		List<CheckState> all = nodeChecks();
		this.checks.values().stream().filter((check) -> check.serviceId() != null).forEach(all::add);
		return all;
	}

	List<CheckState> nodeChecks() {
		List<CheckState> result = new ArrayList<>();
		result.add(this.serfHealth);
		this.checks.values().stream().filter((check) -> check.serviceId() == null).forEach(result::add);
		return result;
	}

	List<CheckState> serviceChecks(String serviceId) {
		return this.checks.values().stream().filter((check) -> serviceId.equals(check.serviceId())).toList();
	}

	/** Node checks plus the service's own checks: what {@code passing} looks at. */
	List<CheckState> healthChecks(String serviceId) {
		List<CheckState> result = nodeChecks();
		result.addAll(serviceChecks(serviceId));
		return result;
	}

	void putService(ServiceEntry entry, String previousName) {
		this.services.put(entry.id(), entry);
		this.servicesIndex = entry.modifyIndex();
		touchName(entry.name(), entry.modifyIndex());
		if (previousName != null && !previousName.equals(entry.name())) {
			touchName(previousName, entry.modifyIndex());
		}
		this.changedTopics.add(Topics.SERVICES);
	}

	void removeService(ServiceEntry entry, long index) {
		this.services.remove(entry.id());
		this.servicesIndex = index;
		touchName(entry.name(), index);
		this.changedTopics.add(Topics.SERVICES);
	}

	void putCheck(CheckState check) {
		this.checks.put(check.id(), check);
		checkChanged(check, check.modifyIndex());
	}

	/** Replace a check without moving any index or waking anyone (deferred output). */
	void replaceCheckQuietly(CheckState check) {
		this.checks.put(check.id(), check);
	}

	void removeCheck(CheckState check, long index) {
		this.checks.remove(check.id());
		checkChanged(check, index);
	}

	private void checkChanged(CheckState check, long index) {
		this.checksIndex = index;
		this.changedTopics.add(Topics.CHECKS);
		if (check.serviceId() == null) {
			catalogServices().forEach((entry) -> touchName(entry.name(), index));
			return;
		}
		ServiceEntry owner = this.services.get(check.serviceId());
		if (owner != null) {
			touchName(owner.name(), index);
		}
	}

	private void touchName(String name, long index) {
		this.nameIndexes.put(name, index);
		this.changedTopics.add(Topics.service(name));
	}

	/** The topics changed since the last call, for waking blocking queries. */
	Set<String> drainChangedTopics() {
		Set<String> drained = new LinkedHashSet<>(this.changedTopics);
		this.changedTopics.clear();
		return drained;
	}

}
