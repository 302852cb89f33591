/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent restarted empty on its port, as a Consul agent in {@code -dev} mode comes back
 * after a restart: same address, no services, no KV, indexes still growing.
 */
class DevConsulAgentRestartTests {

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	@Test
	void comesBackOnTheSamePortWithoutServicesOrKv() throws Exception {
		DevConsulAgent agent = DevConsulAgent.start(DevConsulSettings.defaults());
		try {
			int port = agent.port();
			assertThat(send(agent, "PUT", "/v1/agent/service/register", "{\"ID\":\"users-1\",\"Name\":\"users\"}")
				.statusCode()).isEqualTo(200);
			assertThat(send(agent, "PUT", "/v1/kv/junction/policies/users", "{}").statusCode()).isEqualTo(200);
			HttpResponse<String> before = send(agent, "GET", "/v1/agent/service/users-1", null);
			assertThat(before.statusCode()).isEqualTo(200);
			long indexBefore = before.headers().firstValueAsLong("X-Consul-Index").orElse(0);

			agent = agent.restartEmpty();

			assertThat(agent.port()).isEqualTo(port);
			assertThat(send(agent, "GET", "/v1/agent/service/users-1", null).statusCode()).isEqualTo(404);
			assertThat(send(agent, "GET", "/v1/agent/services", null).body()).isEqualTo("{}");
			HttpResponse<String> kv = send(agent, "GET", "/v1/kv/junction/policies/?recurse", null);
			assertThat(kv.statusCode()).isEqualTo(404);
			assertThat(kv.headers().firstValueAsLong("X-Consul-Index").orElse(0)).isGreaterThanOrEqualTo(indexBefore);
		}
		finally {
			agent.close();
		}
	}

	private static HttpResponse<String> send(DevConsulAgent agent, String method, String path, String body)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(agent.baseUrl() + path))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
			.build();
		return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
