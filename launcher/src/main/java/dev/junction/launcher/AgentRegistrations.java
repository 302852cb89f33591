/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the dev agent has registered, read over its HTTP API as any Consul client would
 * ({@code /v1/agent/services}): the versions the table shows, and the proof at shutdown
 * that every instance deregistered itself.
 */
final class AgentRegistrations {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String baseUrl;

	AgentRegistrations(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	/**
	 * The registered instances.
	 * @return every instance, empty when none
	 * @throws IOException when the agent does not answer
	 */
	List<Instance> instances() throws IOException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.baseUrl + "/v1/agent/services"))
			.timeout(Duration.ofSeconds(5))
			.build();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IOException("GET /v1/agent/services answered " + response.statusCode());
			}
			List<Instance> instances = new ArrayList<>();
			for (Map.Entry<String, JsonNode> entry : json.readTree(response.body()).properties()) {
				JsonNode service = entry.getValue();
				instances.add(new Instance(entry.getKey(), service.path("Service").asString(""),
						service.path("Port").asInt(), service.path("Meta").path("version").asString("")));
			}
			return instances;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while asking the agent", ex);
		}
	}

	/**
	 * One registered instance.
	 *
	 * @param id its service id
	 * @param service its service name
	 * @param port the port it registered
	 * @param version its {@code version} metadata
	 */
	record Instance(String id, String service, int port, String version) {

	}

}
