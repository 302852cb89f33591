/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.it;

import java.util.ArrayList;
import java.util.List;

import dev.junction.devconsul.junit.DevConsulExtension;
import tools.jackson.databind.JsonNode;

/**
 * What the dev Consul agent shows, read over its HTTP API the way any Consul client reads
 * it.
 */
final class AgentCatalog {

	private final DevConsulExtension consul;

	AgentCatalog(DevConsulExtension consul) {
		this.consul = consul;
	}

	/** The {@code Service} objects of a service's passing instances. */
	List<JsonNode> passing(String service) {
		List<JsonNode> services = new ArrayList<>();
		for (JsonNode entry : get("/v1/health/service/" + service + "?passing")) {
			services.add(entry.get("Service"));
		}
		return services;
	}

	/** The ports of a service's passing instances. */
	List<Integer> passingPorts(String service) {
		return passing(service).stream().map((node) -> node.get("Port").asInt()).toList();
	}

	/** Every check of a service's instances, passing or not. */
	List<JsonNode> checks(String service) {
		List<JsonNode> checks = new ArrayList<>();
		get("/v1/health/checks/" + service).forEach(checks::add);
		return checks;
	}

	private JsonNode get(String path) {
		return Http.getJson(this.consul.baseUrl() + path);
	}

}
