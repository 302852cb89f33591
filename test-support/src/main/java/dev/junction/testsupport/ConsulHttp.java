/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What tests do to Consul (the dev agent or a real one), over its HTTP API as an operator
 * or a deployment would: register and deregister instances, write, read and delete KV
 * documents, read the health of a service's instances. The one Consul client of the
 * tests; each call fails with Consul's answer when it is not a 200.
 */
public final class ConsulHttp {

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private static final JsonMapper json = JsonMapper.builder().build();

	private ConsulHttp() {
	}

	/**
	 * Registers an instance on 127.0.0.1 with a passing TTL check (30 minutes).
	 * @param consul the agent's base URL
	 * @param id the service id
	 * @param service the service name
	 * @param port the instance's port
	 * @param version the {@code version} metadata (zone {@code z1})
	 */
	public static void register(String consul, String id, String service, int port, String version) {
		put(consul + "/v1/agent/service/register", """
				{"ID":"%s","Name":"%s","Address":"127.0.0.1","Port":%d,"Meta":{"version":"%s","zone":"z1"},
				 "Check":{"TTL":"30m","Status":"passing"}}""".formatted(id, service, port, version));
	}

	/**
	 * Registers an instance as described, with the checks it names (or none).
	 * @param consul the agent's base URL
	 * @param definition the JSON body of {@code /v1/agent/service/register}, such as
	 * <code>{"ID": "a", "Name": "orders", "Port": 8080, "Check": {"TTL": "60s"}}</code>
	 */
	public static void register(String consul, String definition) {
		put(consul + "/v1/agent/service/register", definition);
	}

	/**
	 * Deregisters an instance.
	 * @param consul the agent's base URL
	 * @param id the service id
	 */
	public static void deregister(String consul, String id) {
		send(HttpRequest.newBuilder(URI.create(consul + "/v1/agent/service/deregister/" + id))
			.PUT(HttpRequest.BodyPublishers.noBody()));
	}

	/**
	 * Writes a KV value.
	 * @param consul the agent's base URL
	 * @param key the key, such as {@code junction/policies/orders}
	 * @param value the value
	 */
	public static void putKv(String consul, String key, String value) {
		put(consul + "/v1/kv/" + key, value);
	}

	/**
	 * Deletes a KV key.
	 * @param consul the agent's base URL
	 * @param key the key
	 */
	public static void deleteKv(String consul, String key) {
		send(HttpRequest.newBuilder(URI.create(consul + "/v1/kv/" + key)).DELETE());
	}

	/**
	 * Reads a path of the HTTP API.
	 * @param consul the agent's base URL
	 * @param path the path, such as {@code /v1/health/service/orders?passing}
	 * @return the body of the 200 answer
	 */
	public static String get(String consul, String path) {
		return send(HttpRequest.newBuilder(URI.create(consul + path)).GET());
	}

	/**
	 * Reads a path of the HTTP API that answers JSON.
	 * @param consul the agent's base URL
	 * @param path the path, such as {@code /v1/catalog/services}
	 * @return the parsed body of the 200 answer
	 */
	public static JsonNode getJson(String consul, String path) {
		return json.readTree(get(consul, path));
	}

	/**
	 * The instances of a service whose checks all pass.
	 * @param consul the agent's base URL
	 * @param service the service name
	 * @return the {@code Service} object of each passing entry
	 */
	public static List<JsonNode> passing(String consul, String service) {
		List<JsonNode> services = new ArrayList<>();
		for (JsonNode entry : getJson(consul, "/v1/health/service/" + service + "?passing")) {
			services.add(entry.get("Service"));
		}
		return services;
	}

	/**
	 * The ports of a service's passing instances.
	 * @param consul the agent's base URL
	 * @param service the service name
	 * @return their ports
	 */
	public static List<Integer> passingPorts(String consul, String service) {
		return passing(consul, service).stream().map((node) -> node.get("Port").asInt()).toList();
	}

	/**
	 * The ids of a service's passing instances.
	 * @param consul the agent's base URL
	 * @param service the service name
	 * @return their ids
	 */
	public static List<String> passingIds(String consul, String service) {
		return passing(consul, service).stream().map((node) -> node.get("ID").asString()).toList();
	}

	/**
	 * Every check of a service's instances, passing or not.
	 * @param consul the agent's base URL
	 * @param service the service name
	 * @return the checks
	 */
	public static List<JsonNode> checks(String consul, String service) {
		List<JsonNode> checks = new ArrayList<>();
		getJson(consul, "/v1/health/checks/" + service).forEach(checks::add);
		return checks;
	}

	private static void put(String url, String body) {
		send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	private static String send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(response.request().method() + " " + response.request().uri()
						+ " answered " + response.statusCode() + ": " + response.body());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Consul did not answer: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
