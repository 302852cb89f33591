/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON shapes Consul answers with: nodes, services (agent, catalog and health
 * flavours) and checks. Field names and casing follow Consul; a service's name is
 * {@code Service} in health and agent answers and {@code ServiceName} in catalog ones.
 */
final class JsonViews {

	private final NodeInfo node;

	JsonViews(NodeInfo node) {
		this.node = node;
	}

	ObjectNode node(long index) {
		ObjectNode json = Json.object()
			.put("ID", this.node.id())
			.put("Node", this.node.name())
			.put("Address", this.node.address())
			.put("Datacenter", this.node.datacenter());
		json.set("TaggedAddresses", taggedAddresses());
		json.set("Meta", Json.object().put("consul-network-segment", ""));
		return json.put("CreateIndex", index).put("ModifyIndex", index);
	}

	private ObjectNode taggedAddresses() {
		String address = this.node.address();
		return Json.object().put("lan", address).put("lan_ipv4", address).put("wan", address).put("wan_ipv4", address);
	}

	/** A service as {@code agent/services} shows it. */
	ObjectNode agentService(ServiceDefinition service) {
		ObjectNode json = Json.object().put("ID", service.id()).put("Service", service.name());
		json.set("Tags", strings(service.tags()));
		json.set("Meta", strings(service.meta()));
		json.put("Port", service.port()).put("Address", service.address());
		if (service.taggedAddresses() != null && !service.taggedAddresses().isEmpty()) {
			json.set("TaggedAddresses", service.taggedAddresses());
		}
		json.set("Weights", weights(service));
		return json.put("EnableTagOverride", service.enableTagOverride()).put("Datacenter", this.node.datacenter());
	}

	/** A service as the {@code Service} of a {@code health/service} entry. */
	ObjectNode healthService(ServiceEntry entry) {
		ServiceDefinition service = entry.definition();
		ObjectNode json = Json.object().put("ID", service.id()).put("Service", service.name());
		json.set("Tags", strings(service.tags()));
		json.put("Address", service.address());
		if (service.taggedAddresses() != null && !service.taggedAddresses().isEmpty()) {
			json.set("TaggedAddresses", service.taggedAddresses());
		}
		json.set("Meta", strings(service.meta()));
		json.put("Port", service.port());
		json.set("Weights", weights(service));
		return json.put("EnableTagOverride", service.enableTagOverride())
			.put("CreateIndex", entry.createIndex())
			.put("ModifyIndex", entry.modifyIndex());
	}

	/** A service instance as {@code catalog/service/{name}} shows it. */
	ObjectNode catalogService(ServiceEntry entry) {
		ServiceDefinition service = entry.definition();
		ObjectNode json = Json.object()
			.put("ID", this.node.id())
			.put("Node", this.node.name())
			.put("Address", this.node.address())
			.put("Datacenter", this.node.datacenter());
		json.set("TaggedAddresses", taggedAddresses());
		json.set("NodeMeta", Json.object().put("consul-network-segment", ""));
		json.put("ServiceKind", "").put("ServiceID", service.id()).put("ServiceName", service.name());
		json.set("ServiceTags", strings(service.tags()));
		json.put("ServiceAddress", service.address());
		json.set("ServiceWeights", weights(service));
		json.set("ServiceMeta", strings(service.meta()));
		json.put("ServicePort", service.port()).put("ServiceEnableTagOverride", service.enableTagOverride());
		return json.put("CreateIndex", entry.createIndex()).put("ModifyIndex", entry.modifyIndex());
	}

	/**
	 * A check as health and agent answers show it.
	 * @param check the check
	 * @param service the service it belongs to, or {@code null}
	 */
	ObjectNode check(CheckState check, ServiceDefinition service) {
		CheckDefinition definition = check.definition();
		ObjectNode json = Json.object()
			.put("Node", this.node.name())
			.put("CheckID", definition.id())
			.put("Name", definition.name())
			.put("Status", check.status().json())
			.put("Notes", (definition.notes() != null) ? definition.notes() : "")
			.put("Output", check.output())
			.put("ServiceID", (service != null) ? service.id() : "")
			.put("ServiceName", (service != null) ? service.name() : "");
		json.set("ServiceTags", strings((service != null) ? service.tags() : List.of()));
		json.put("Type", (definition.type() != null) ? definition.type().json() : "");
		if (definition.interval() != null) {
			json.put("Interval", GoDuration.format(definition.interval()));
		}
		if (definition.timeout() != null) {
			json.put("Timeout", GoDuration.format(definition.timeout()));
		}
		json.put("ExposedPort", 0);
		json.set("Definition", definition(definition));
		return json.put("CreateIndex", check.createIndex()).put("ModifyIndex", check.modifyIndex());
	}

	private ObjectNode definition(CheckDefinition definition) {
		ObjectNode json = Json.object();
		if (definition.type() == CheckDefinition.CheckType.HTTP) {
			json.put("HTTP", definition.target()).put("Method", definition.method());
			ObjectNode headers = Json.object();
			definition.headers().forEach((name, values) -> headers.set(name, strings(values)));
			json.set("Header", headers);
			if (definition.tlsSkipVerify()) {
				json.put("TLSSkipVerify", true);
			}
			if (definition.body() != null) {
				json.put("Body", definition.body());
			}
		}
		else if (definition.type() == CheckDefinition.CheckType.TCP) {
			json.put("TCP", definition.target());
		}
		if (definition.interval() != null) {
			json.put("Interval", GoDuration.format(definition.interval()));
		}
		if (definition.timeout() != null) {
			json.put("Timeout", GoDuration.format(definition.timeout()));
		}
		if (definition.deregisterAfter() != null) {
			json.put("DeregisterCriticalServiceAfter", GoDuration.format(definition.deregisterAfter()));
		}
		return json;
	}

	private static ObjectNode weights(ServiceDefinition service) {
		return Json.object().put("Passing", service.weightPassing()).put("Warning", service.weightWarning());
	}

	static ArrayNode strings(List<String> values) {
		ArrayNode array = Json.array();
		values.forEach(array::add);
		return array;
	}

	static ObjectNode strings(Map<String, String> values) {
		ObjectNode object = Json.object();
		values.forEach(object::put);
		return object;
	}

}
