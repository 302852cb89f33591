/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /v1/agent/check/*} and {@code /v1/agent/checks}: TTL updates, check registration
 * and the agent's own check list.
 */
final class CheckEndpoints {

	private final Registry registry;

	private final Acl acl;

	private final JsonViews views;

	CheckEndpoints(Registry registry, Acl acl, JsonViews views) {
		this.registry = registry;
		this.acl = acl;
		this.views = views;
	}

	void addTo(Router router) {
		router.add("/v1/agent/check/pass/", (request, id, out) -> ttl(request, id, HealthStatus.PASSING, out), "PUT")
			.add("/v1/agent/check/warn/", (request, id, out) -> ttl(request, id, HealthStatus.WARNING, out), "PUT")
			.add("/v1/agent/check/fail/", (request, id, out) -> ttl(request, id, HealthStatus.CRITICAL, out), "PUT")
			.add("/v1/agent/check/update/", this::update, "PUT")
			.add("/v1/agent/check/register", this::register, "PUT")
			.add("/v1/agent/check/deregister/", this::deregister, "PUT")
			.add("/v1/agent/checks", this::checks, "GET");
	}

	private void ttl(ApiRequest request, String checkId, HealthStatus status, Responder responder) {
		requireWrite(request, checkId);
		String note = request.param("note");
		this.registry.updateTtl(checkId, status, (note != null) ? note : "");
		responder.send(ApiResponse.ok());
	}

	private void update(ApiRequest request, String checkId, Responder responder) {
		ObjectNode body = Json.parseObject(request.body());
		String statusText = Json.text(body, "Status");
		HealthStatus status = HealthStatus.fromJson(statusText);
		if (status == null) {
			throw ApiException.badRequest("Invalid check status: " + ApiException.quote(String.valueOf(statusText)));
		}
		requireWrite(request, checkId);
		String output = Json.text(body, "Output");
		this.registry.updateTtl(checkId, status, (output != null) ? output : "");
		responder.send(ApiResponse.ok());
	}

	private void register(ApiRequest request, String tail, Responder responder) {
		CheckDefinition check = CheckDefinitionReader.forAgent(Json.parseObject(request.body()));
		if (check.serviceId() != null) {
			this.acl.require(request, "service:write", check.serviceId());
		}
		else {
			this.acl.require(request, "node:write", "");
		}
		this.registry.registerCheck(check);
		responder.send(ApiResponse.ok());
	}

	private void deregister(ApiRequest request, String checkId, Responder responder) {
		requireWrite(request, checkId);
		this.registry.deregisterCheck(checkId);
		responder.send(ApiResponse.ok());
	}

	private void checks(ApiRequest request, String tail, Responder responder) {
		boolean allowed = this.acl.canRead(request);
		ObjectNode checks = this.registry.read((state) -> {
			ObjectNode result = Json.object();
			if (allowed) {
				for (CheckState check : state.agentChecks()) {
					ServiceEntry owner = (check.serviceId() != null) ? state.service(check.serviceId()) : null;
					result.set(check.id(), this.views.check(check, (owner != null) ? owner.definition() : null));
				}
			}
			return result;
		});
		responder.send(Queries.filtered(ApiResponse.json(checks), allowed));
	}

	private void requireWrite(ApiRequest request, String checkId) {
		String serviceId = this.registry.read((state) -> {
			CheckState check = state.check(checkId);
			return (check != null) ? check.serviceId() : null;
		});
		this.acl.require(request, (serviceId != null) ? "service:write" : "node:write",
				(serviceId != null) ? serviceId : checkId);
	}

}
