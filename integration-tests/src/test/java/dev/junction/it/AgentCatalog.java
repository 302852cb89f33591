/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.AppInstance;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

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

	/**
	 * Waits until the agent shows the instances passing, so that their consumers can find
	 * them (an instance is ready a moment before its first check passes).
	 * @param service the service name
	 * @param instances its instances
	 */
	void awaitPassing(String service, AppInstance... instances) {
		List<Integer> ports = Arrays.stream(instances).map(AppInstance::port).toList();
		await().atMost(Duration.ofSeconds(30)).until(() -> passingPorts(service).containsAll(ports));
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
