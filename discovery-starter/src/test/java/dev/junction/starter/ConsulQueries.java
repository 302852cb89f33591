package dev.junction.starter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import dev.junction.devconsul.junit.DevConsulExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dev Consul agent currently knows, asked over its HTTP API like any client.
 */
public final class ConsulQueries {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final DevConsulExtension consul;

	public ConsulQueries(DevConsulExtension consul) {
		this.consul = consul;
	}

	/**
	 * The passing instances of a service.
	 * @param service the service name
	 * @return the {@code Service} objects of its passing entries
	 */
	public List<JsonNode> passing(String service) {
		List<JsonNode> services = new ArrayList<>();
		for (JsonNode entry : get("/v1/health/service/" + service + "?passing")) {
			services.add(entry.get("Service"));
		}
		return services;
	}

	/**
	 * The ids of the passing instances of a service.
	 * @param service the service name
	 * @return their ids
	 */
	public List<String> passingIds(String service) {
		return passing(service).stream().map((node) -> node.get("ID").asString()).toList();
	}

	/**
	 * Any JSON answer of the agent.
	 * @param path the path and query
	 * @return the parsed answer
	 */
	public JsonNode get(String path) {
		try {
			HttpResponse<String> response = TestApps.get(this.consul.baseUrl() + path);
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			return json.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A PUT to the agent.
	 * @param path the path
	 * @param body the JSON body
	 */
	public void put(String path, String body) {
		try {
			HttpResponse<String> response = TestApps.put(this.consul.baseUrl() + path, body);
			assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
