/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent's HTTP API as a test sees it: what a person with {@code curl} would ask to
 * check what the applications did. Deliberately not spring-cloud-consul's client, so the
 * tests do not trust the code under observation to report on itself.
 */
final class AgentApi {

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final JsonMapper json = JsonMapper.builder().build();

	private final String baseUrl;

	AgentApi(String baseUrl) {
		this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
	}

	JsonNode get(String pathAndQuery) throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(
					"GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
		}
		return this.json.readTree(response.body());
	}

	void putKv(String key, String value) throws Exception {
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(uri("/v1/kv/" + key)).PUT(HttpRequest.BodyPublishers.ofString(value)));
		if (response.statusCode() != 200 || !"true".equals(response.body().trim())) {
			throw new IllegalStateException(
					"PUT /v1/kv/" + key + " answered " + response.statusCode() + ": " + response.body());
		}
	}

	/**
	 * Instance IDs of a service that pass all their checks, as a consumer using
	 * {@code ?passing} sees them.
	 */
	List<String> passingInstances(String service) throws Exception {
		return serviceIds(get("/v1/health/service/" + service + "?passing"));
	}

	/**
	 * All registered instance IDs of a service, whatever their health.
	 */
	List<String> registeredInstances(String service) throws Exception {
		return serviceIds(get("/v1/health/service/" + service));
	}

	/**
	 * The service checks of all instances of a service (node checks left out), each with
	 * its {@code Status} and {@code Output}.
	 */
	List<JsonNode> serviceChecks(String service) throws Exception {
		List<JsonNode> checks = new ArrayList<>();
		for (JsonNode entry : get("/v1/health/service/" + service)) {
			for (JsonNode check : entry.path("Checks")) {
				if (!check.path("ServiceID").asString("").isEmpty()) {
					checks.add(check);
				}
			}
		}
		return checks;
	}

	Set<String> catalogServices() throws Exception {
		return new TreeSet<>(get("/v1/catalog/services").propertyNames());
	}

	List<String> catalogInstances(String service) throws Exception {
		List<String> ids = new ArrayList<>();
		for (JsonNode entry : get("/v1/catalog/service/" + service)) {
			ids.add(entry.path("ServiceID").asString(""));
		}
		return ids;
	}

	private static List<String> serviceIds(JsonNode healthEntries) {
		List<String> ids = new ArrayList<>();
		for (JsonNode entry : healthEntries) {
			ids.add(entry.path("Service").path("ID").asString(""));
		}
		return ids;
	}

	private URI uri(String pathAndQuery) {
		return URI.create(this.baseUrl + pathAndQuery);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

}
