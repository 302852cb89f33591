/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.junction.devconsul.junit.DevConsulExtension;

/**
 * Registers and deregisters service instances in the dev Consul agent through its HTTP
 * API, the way a real instance (or an operator) would.
 */
final class AgentRegistrations {

	static final String USER_SERVICE = "sample-user-service";

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private AgentRegistrations() {
	}

	/**
	 * Registers an instance of user-service at {@code 127.0.0.1:port}, without checks.
	 */
	static void registerUserService(DevConsulExtension consul, String id, int port)
			throws IOException, InterruptedException {
		String body = """
				{"ID": "%s", "Name": "%s", "Address": "127.0.0.1", "Port": %d,
				 "Meta": {"version": "v1", "zone": "default"}}""".formatted(id, USER_SERVICE, port);
		put(consul, "/v1/agent/service/register", body);
	}

	static void deregister(DevConsulExtension consul, String id) throws IOException, InterruptedException {
		put(consul, "/v1/agent/service/deregister/" + id, "");
	}

	private static void put(DevConsulExtension consul, String path, String body)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(consul.baseUrl() + path))
			.timeout(Duration.ofSeconds(10))
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(
					"PUT " + path + " answered " + response.statusCode() + ": " + response.body());
		}
	}

}
