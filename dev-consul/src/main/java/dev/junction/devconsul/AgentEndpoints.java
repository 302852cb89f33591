/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import io.netty.handler.codec.http.HttpResponseStatus;
import tools.jackson.databind.node.ObjectNode;

import dev.junction.devconsul.ServiceDefinitionReader.Registration;

/**
 * {@code /v1/agent/service/*}, {@code /v1/agent/services} and {@code /v1/agent/self}.
 */
final class AgentEndpoints {

	private final Registry registry;

	private final Acl acl;

	private final JsonViews views;

	private final NodeInfo node;

	AgentEndpoints(Registry registry, Acl acl, JsonViews views, NodeInfo node) {
		this.registry = registry;
		this.acl = acl;
		this.views = views;
		this.node = node;
	}

	void addTo(Router router) {
		router.add("/v1/agent/service/register", this::register, "PUT")
			.add("/v1/agent/service/deregister/", this::deregister, "PUT")
			.add("/v1/agent/service/maintenance/", this::maintenance, "PUT")
			.add("/v1/agent/service/", this::service, "GET")
			.add("/v1/agent/services", this::services, "GET")
			.add("/v1/agent/self", this::self, "GET");
	}

	private void register(ApiRequest request, String tail, Responder responder) {
		Registration registration = ServiceDefinitionReader.read(Json.parseObject(request.body()));
		this.acl.require(request, "service:write", registration.service().name());
		boolean replaceChecks = request.flag("replace-existing-checks");
		this.registry.register(registration.service(), registration.checks(), replaceChecks);
		responder.send(ApiResponse.ok());
	}

	private void deregister(ApiRequest request, String serviceId, Responder responder) {
		this.acl.require(request, "service:write", serviceName(serviceId));
		this.registry.deregister(serviceId);
		responder.send(ApiResponse.ok());
	}

	private void maintenance(ApiRequest request, String serviceId, Responder responder) {
		String enable = request.param("enable");
		if (enable == null || enable.isEmpty()) {
			throw ApiException.badRequest("Missing value for enable");
		}
		Boolean enabled = ApiRequest.parseBool(enable);
		if (enabled == null) {
			throw ApiException.badRequest("Invalid value for enable: " + ApiException.quote(enable));
		}
		this.acl.require(request, "service:write", serviceName(serviceId));
		this.registry.maintenance(serviceId, enabled, request.param("reason"));
		responder.send(ApiResponse.ok());
	}

	private void service(ApiRequest request, String serviceId, Responder responder) {
		this.acl.require(request, "service:read", serviceName(serviceId));
		ObjectNode service = this.registry.read((state) -> {
			ServiceEntry entry = state.service(serviceId);
			return (entry != null) ? this.views.agentService(entry.definition()) : null;
		});
		if (service == null) {
			throw ApiException.notFound("unknown service ID: " + serviceId);
		}
		responder.send(ApiResponse.json(service));
	}

	private void services(ApiRequest request, String tail, Responder responder) {
		boolean allowed = this.acl.canRead(request);
		ObjectNode services = this.registry.read((state) -> {
			ObjectNode result = Json.object();
			if (allowed) {
				state.agentServices()
					.forEach((entry) -> result.set(entry.id(), this.views.agentService(entry.definition())));
			}
			return result;
		});
		responder.send(Queries.filtered(ApiResponse.json(services), allowed));
	}

	private void self(ApiRequest request, String tail, Responder responder) {
		this.acl.require(request, "agent:read", this.node.name());
		ObjectNode self = Json.object();
		self.set("Config",
				Json.object()
					.put("Datacenter", this.node.datacenter())
					.put("NodeName", this.node.name())
					.put("NodeID", this.node.id())
					.put("Server", true)
					.put("Version", "1.22.0")
					.put("Revision", "junction-dev-consul"));
		ObjectNode member = Json.object()
			.put("Name", this.node.name())
			.put("Addr", this.node.address())
			.put("Port", 8301);
		member.set("Tags", Json.object().put("dc", this.node.datacenter()).put("role", "consul").put("port", "8300"));
		self.set("Member", member.put("Status", 1));
		self.set("Meta", Json.object().put("consul-network-segment", ""));
		responder.send(ApiResponse.json(self).withStatus(HttpResponseStatus.OK));
	}

	private String serviceName(String serviceId) {
		String name = this.registry.read((state) -> {
			ServiceEntry entry = state.service(serviceId);
			return (entry != null) ? entry.name() : null;
		});
		return (name != null) ? name : serviceId;
	}

}
