/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the body of {@code agent/service/register}: the service and its checks, named as
 * Consul names them ({@code service:{id}} for one check, {@code service:{id}:1..n} for
 * several, unless a check brings its own {@code CheckID}).
 */
final class ServiceDefinitionReader {

	private ServiceDefinitionReader() {
	}

	static Registration read(ObjectNode body) {
		String name = Json.text(body, "Name");
		if (name == null || name.isEmpty()) {
			throw ApiException.badRequest("Missing service name");
		}
		String id = Json.text(body, "ID");
		id = (id == null || id.isEmpty()) ? name : id;
		String kind = Json.text(body, "Kind");
		if (kind != null && !kind.isEmpty()) {
			throw ApiException
				.badRequest("Service kind " + ApiException.quote(kind) + " is not supported by the dev Consul agent");
		}
		ObjectNode connect = Json.object(body, "Connect");
		if (connect != null && Json.field(connect, "SidecarService") != null) {
			throw ApiException.badRequest("Connect sidecar services are not supported by the dev Consul agent");
		}
		String address = Json.text(body, "Address");
		ServiceValidation.address(address);
		ObjectNode weights = Json.object(body, "Weights");
		int passing = (weights != null) ? Json.integer(weights, "Passing", 0) : 1;
		int warning = (weights != null) ? Json.integer(weights, "Warning", 0) : 1;
		ServiceValidation.weights(passing, warning);
		Map<String, String> meta = Json.stringMap(body, "Meta");
		ServiceValidation.meta(meta);
		ServiceDefinition service = new ServiceDefinition(id, name, List.copyOf(Json.strings(body, "Tags")),
				(address != null) ? address : "", meta, Json.integer(body, "Port", 0),
				Json.bool(body, "EnableTagOverride"), passing, warning, Json.object(body, "TaggedAddresses"));
		return new Registration(service, checks(body, id, name));
	}

	private static List<CheckDefinition> checks(ObjectNode body, String id, String name) {
		List<JsonNode> given = new ArrayList<>();
		JsonNode single = Json.field(body, "Check");
		if (single != null && !CheckDefinitionReader.isEmpty(single)) {
			given.add(single);
		}
		JsonNode list = Json.field(body, "Checks");
		if (list != null) {
			if (!list.isArray()) {
				throw ApiException.badRequest("Request decode failed: Checks must be an array");
			}
			for (JsonNode check : list) {
				if (!CheckDefinitionReader.isEmpty(check)) {
					given.add(check);
				}
			}
		}
		List<CheckDefinition> checks = new ArrayList<>();
		for (int i = 0; i < given.size(); i++) {
			if (!given.get(i).isObject()) {
				throw ApiException.badRequest("Request decode failed: a check must be an object");
			}
			String defaultId = "service:" + id + ((given.size() > 1) ? ":" + (i + 1) : "");
			checks.add(CheckDefinitionReader.forService(given.get(i), defaultId, id, name));
		}
		return checks;
	}

	/**
	 * A parsed registration.
	 *
	 * @param service the service
	 * @param checks its checks
	 */
	record Registration(ServiceDefinition service, List<CheckDefinition> checks) {

	}

}
