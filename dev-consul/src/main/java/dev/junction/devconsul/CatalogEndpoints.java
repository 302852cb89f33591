/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * {@code /v1/catalog/*} and {@code /v1/status/*}. {@code catalog/services} has its own
 * index that check updates and identical re-registrations leave alone, so
 * spring-cloud-consul's catalog watch fires only on real changes.
 */
final class CatalogEndpoints {

	private final Registry registry;

	private final BlockingQueries waiters;

	private final Acl acl;

	private final JsonViews views;

	private final NodeInfo node;

	CatalogEndpoints(Registry registry, BlockingQueries waiters, Acl acl, JsonViews views, NodeInfo node) {
		this.registry = registry;
		this.waiters = waiters;
		this.acl = acl;
		this.views = views;
		this.node = node;
	}

	void addTo(Router router) {
		router.add("/v1/catalog/services", this::services, "GET")
			.add("/v1/catalog/service/", this::service, "GET")
			.add("/v1/catalog/nodes", this::nodes, "GET")
			.add("/v1/catalog/node/", this::nodeServices, "GET")
			.add("/v1/catalog/datacenters",
					(request, tail, out) -> out.send(ApiResponse.json(Json.array().add(this.node.datacenter()))), "GET")
			.add("/v1/status/leader", (request, tail, out) -> out.send(ApiResponse.json(StringNode.valueOf(leader()))),
					"GET")
			.add("/v1/status/peers", (request, tail, out) -> out.send(ApiResponse.json(Json.array().add(leader()))),
					"GET");
	}

	private String leader() {
		return this.node.address() + ":8300";
	}

	/** Service names with the union of their instances' tags. */
	private void services(ApiRequest request, String tail, Responder responder) {
		Queries.check(request, this.node);
		boolean nodeMatches = Queries.nodeMetaMatches(request);
		boolean allowed = this.acl.canRead(request);
		this.waiters.serve(request, Topics.SERVICES, null, () -> this.registry.read(CatalogState::servicesIndex),
				() -> this.registry.read((state) -> {
					Map<String, Set<String>> tags = new TreeMap<>();
					if (allowed && nodeMatches) {
						for (ServiceEntry entry : state.catalogServices()) {
							tags.computeIfAbsent(entry.name(), (name) -> new LinkedHashSet<>())
								.addAll(entry.definition().tags());
						}
					}
					ObjectNode result = Json.object();
					tags.forEach((name, union) -> result.set(name, JsonViews.strings(List.copyOf(union))));
					return Queries.filtered(ApiResponse.json(result).withIndex(state.servicesIndex()), allowed);
				}), responder);
	}

	private void service(ApiRequest request, String name, Responder responder) {
		Queries.check(request, this.node);
		List<String> tags = request.params("tag");
		boolean nodeMatches = Queries.nodeMetaMatches(request);
		boolean allowed = this.acl.canRead(request);
		this.waiters.serve(request, Topics.service(name), null,
				() -> this.registry.read((state) -> state.healthIndex(name)), () -> this.registry.read((state) -> {
					ArrayNode result = Json.array();
					if (allowed && nodeMatches) {
						state.instances(name)
							.stream()
							.filter((entry) -> Queries.hasTags(entry.definition(), tags))
							.forEach((entry) -> result.add(this.views.catalogService(entry)));
					}
					return Queries.filtered(ApiResponse.json(result).withIndex(state.healthIndex(name)), allowed);
				}), responder);
	}

	private void nodes(ApiRequest request, String tail, Responder responder) {
		Queries.check(request, this.node);
		boolean nodeMatches = Queries.nodeMetaMatches(request);
		boolean allowed = this.acl.canRead(request);
		this.waiters.serve(request, Topics.NODES, null, () -> this.registry.read(CatalogState::nodeIndex),
				() -> this.registry.read((state) -> {
					ArrayNode result = Json.array();
					if (allowed && nodeMatches) {
						result.add(this.views.node(state.nodeIndex()));
					}
					return Queries.filtered(ApiResponse.json(result).withIndex(state.nodeIndex()), allowed);
				}), responder);
	}

	private void nodeServices(ApiRequest request, String nodeName, Responder responder) {
		Queries.check(request, this.node);
		boolean allowed = this.acl.canRead(request);
		this.waiters.serve(request, Topics.SERVICES, null, () -> this.registry.read(CatalogState::servicesIndex),
				() -> this.registry.read((state) -> {
					if (!allowed || !nodeName.equals(this.node.name())) {
						return Queries.filtered(ApiResponse.json(NullNode.getInstance()), allowed)
							.withIndex(state.servicesIndex());
					}
					ObjectNode result = Json.object();
					result.set("Node", this.views.node(state.nodeIndex()));
					ObjectNode services = result.putObject("Services");
					state.catalogServices()
						.forEach((entry) -> services.set(entry.id(), this.views.agentService(entry.definition())));
					return ApiResponse.json(result).withIndex(state.servicesIndex());
				}), responder);
	}

}
