/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.junction.devconsul.junit.DevConsulExtension;

/**
 * What the dev Consul agent holds about a service, read over its HTTP API as any Consul
 * client reads it.
 */
final class AgentRegistry {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private AgentRegistry() {
	}

	/** The {@code Service} objects of a service's passing instances. */
	static List<Map<String, Object>> passing(DevConsulExtension consul, String service) {
		return services(consul, service + "?passing");
	}

	/** The ports of every registered instance of a service, passing or not. */
	static List<Integer> registeredPorts(DevConsulExtension consul, String service) {
		return services(consul, service).stream()
			.map((instance) -> ((Number) instance.get("Port")).intValue())
			.toList();
	}

	private static List<Map<String, Object>> services(DevConsulExtension consul, String query) {
		String url = consul.baseUrl() + "/v1/health/service/" + query;
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
			}
			return Yaml.sequence(response.body()).stream().map((entry) -> Yaml.mapAt(entry, "Service")).toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException("The dev Consul agent does not answer GET " + url, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
