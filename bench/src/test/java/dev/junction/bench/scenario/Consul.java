/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.junction.devconsul.junit.DevConsulExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scenario's dev Consul agent, read and written over its HTTP API as any Consul
 * client does.
 */
final class Consul {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final DevConsulExtension agent;

	Consul(DevConsulExtension agent) {
		this.agent = agent;
	}

	/** The ports of a service's passing instances. */
	List<Integer> passingPorts(String service) {
		List<Integer> ports = new ArrayList<>();
		for (JsonNode entry : json.readTree(send("GET", "/v1/health/service/" + service + "?passing", null))) {
			ports.add(entry.get("Service").get("Port").asInt());
		}
		return ports;
	}

	/**
	 * Polls (every 25 ms, at most {@code timeout}) until the passing ports satisfy the
	 * condition.
	 * @return when they did, in milliseconds since the epoch
	 */
	long awaitPassing(String service, Predicate<List<Integer>> condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (condition.test(passingPorts(service))) {
				return System.currentTimeMillis();
			}
			Pause.millis(25);
		}
		throw new IllegalStateException("Consul did not show the expected passing instances of " + service + " within "
				+ timeout + "; passing now: " + passingPorts(service));
	}

	/**
	 * Registers a service instance on loopback with an HTTP check of its own, as an app
	 * with the starter would (used for the benchmark backend).
	 */
	void register(String service, String id, int port, String version) {
		send("PUT", "/v1/agent/service/register",
				"""
						{"ID": "%s", "Name": "%s", "Address": "127.0.0.1", "Port": %d, "Meta": {"version": "%s", "zone": "default"},
						 "Check": {"HTTP": "http://127.0.0.1:%d/readyz", "Interval": "1s"}}"""
					.formatted(id, service, port, version, port));
	}

	/** Writes a KV entry. */
	void put(String key, String value) {
		send("PUT", "/v1/kv/" + key, value);
	}

	private String send(String method, String path, String body) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.agent.baseUrl() + path))
			.timeout(Duration.ofSeconds(10))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
			.build();
		try {
			HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(
						method + " " + path + " answered " + response.statusCode() + ": " + response.body());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + path + " on the dev agent failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
