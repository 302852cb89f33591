/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.it;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.testsupport.AppInstance;
import dev.junction.testsupport.ConsulHttp;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * What the dev Consul agent shows ({@link ConsulHttp}), and waiting for it.
 */
final class AgentCatalog {

	private final DevConsulExtension consul;

	AgentCatalog(DevConsulExtension consul) {
		this.consul = consul;
	}

	/** The {@code Service} objects of a service's passing instances. */
	List<JsonNode> passing(String service) {
		return ConsulHttp.passing(this.consul.baseUrl(), service);
	}

	/** The ports of a service's passing instances. */
	List<Integer> passingPorts(String service) {
		return ConsulHttp.passingPorts(this.consul.baseUrl(), service);
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
		return ConsulHttp.checks(this.consul.baseUrl(), service);
	}

}
