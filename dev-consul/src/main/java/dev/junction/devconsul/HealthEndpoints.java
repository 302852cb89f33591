/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /v1/health/*}: instances with their checks, {@code passing} and {@code tag}
 * filters, all as blocking queries.
 */
final class HealthEndpoints {

	private final Registry registry;

	private final BlockingQueries waiters;

	private final Acl acl;

	private final JsonViews views;

	private final NodeInfo node;

	HealthEndpoints(Registry registry, BlockingQueries waiters, Acl acl, JsonViews views, NodeInfo node) {
		this.registry = registry;
		this.waiters = waiters;
		this.acl = acl;
		this.views = views;
		this.node = node;
	}

	void addTo(Router router) {
		router.add("/v1/health/service/", this::service, "GET")
			.add("/v1/health/checks/", this::checks, "GET")
			.add("/v1/health/state/", this::state, "GET")
			.add("/v1/health/node/", this::node, "GET");
	}

	/**
	 * Instances of a service. {@code passing} (bare or true) drops instances with any
	 * check not passing, node checks and maintenance included; warning is not passing.
	 */
	private void service(ApiRequest request, String name, Responder responder) {
		Queries.check(request, this.node);
		boolean passing = request.flag("passing");
		List<String> tags = request.params("tag");
		boolean nodeMatches = Queries.nodeMetaMatches(request);
		boolean allowed = this.acl.canRead(request);
		serve(request, Topics.service(name), allowed, (state) -> {
			ArrayNode result = Json.array();
			if (!allowed || !nodeMatches) {
				return result;
			}
			for (ServiceEntry entry : state.instances(name)) {
				List<CheckState> checks = state.healthChecks(entry.id());
				if (!Queries.hasTags(entry.definition(), tags)
						|| (passing && checks.stream().anyMatch((check) -> check.status() != HealthStatus.PASSING))) {
					continue;
				}
				ObjectNode instance = Json.object();
				instance.set("Node", this.views.node(state.nodeIndex()));
				instance.set("Service", this.views.healthService(entry));
				ArrayNode checkArray = instance.putArray("Checks");
				checks.forEach((check) -> checkArray.add(checkJson(state, check)));
				result.add(instance);
			}
			return result;
		}, (state) -> state.healthIndex(name), responder);
	}

	private void checks(ApiRequest request, String name, Responder responder) {
		Queries.check(request, this.node);
		boolean nodeMatches = Queries.nodeMetaMatches(request);
		boolean allowed = this.acl.canRead(request);
		serve(request, Topics.service(name), allowed, (state) -> {
			ArrayNode result = Json.array();
			if (allowed && nodeMatches) {
				state.instances(name)
					.forEach((entry) -> state.serviceChecks(entry.id())
						.forEach((check) -> result.add(checkJson(state, check))));
			}
			return result;
		}, (state) -> state.healthIndex(name), responder);
	}

	private void state(ApiRequest request, String wanted, Responder responder) {
		Queries.check(request, this.node);
		HealthStatus status = HealthStatus.fromJson(wanted);
		if (status == null && !wanted.equals("any")) {
			throw ApiException.badRequest("Invalid state: " + wanted);
		}
		boolean allowed = this.acl.canRead(request);
		serve(request, Topics.CHECKS, allowed, (state) -> {
			ArrayNode result = Json.array();
			if (allowed) {
				state.catalogChecks()
					.stream()
					.filter((check) -> status == null || check.status() == status)
					.forEach((check) -> result.add(checkJson(state, check)));
			}
			return result;
		}, CatalogState::checksIndex, responder);
	}

	private void node(ApiRequest request, String nodeName, Responder responder) {
		Queries.check(request, this.node);
		boolean allowed = this.acl.canRead(request);
		serve(request, Topics.CHECKS, allowed, (state) -> {
			ArrayNode result = Json.array();
			if (allowed && nodeName.equals(this.node.name())) {
				state.nodeChecks().forEach((check) -> result.add(checkJson(state, check)));
				state.catalogChecks()
					.stream()
					.filter((check) -> check.serviceId() != null)
					.forEach((check) -> result.add(checkJson(state, check)));
			}
			return result;
		}, CatalogState::checksIndex, responder);
	}

	private ObjectNode checkJson(CatalogState state, CheckState check) {
		ServiceEntry owner = (check.serviceId() != null) ? state.service(check.serviceId()) : null;
		return this.views.check(check, (owner != null) ? owner.definition() : null);
	}

	private void serve(ApiRequest request, String topic, boolean allowed, Function<CatalogState, ArrayNode> body,
			ToLongFunction<CatalogState> index, Responder responder) {
		this.waiters.serve(request, topic, null, () -> this.registry.read((state) -> index.applyAsLong(state)),
				() -> this.registry.read((state) -> Queries
					.filtered(ApiResponse.json(body.apply(state)).withIndex(index.applyAsLong(state)), allowed)),
				responder);
	}

}
