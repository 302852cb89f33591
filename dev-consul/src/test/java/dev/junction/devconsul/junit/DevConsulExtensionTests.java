/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul.junit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.junction.devconsul.DevConsulAgent;

import static org.assertj.core.api.Assertions.assertThat;

class DevConsulExtensionTests {

	@RegisterExtension
	static final DevConsulExtension consul = new DevConsulExtension();

	@Test
	void theAgentIsInjectedAndAnswersOnItsBaseUrl(DevConsulAgent agent) throws Exception {
		assertThat(agent).isSameAs(consul.agent());
		assertThat(consul.baseUrl()).isEqualTo("http://127.0.0.1:" + consul.port());
		HttpResponse<String> leader = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(consul.baseUrl() + "/v1/status/leader")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(leader.statusCode()).isEqualTo(200);
	}

	@Test
	void springPropertiesPointSpringCloudConsulAtTheAgent() {
		assertThat(consul.springProperties()).containsEntry("spring.cloud.consul.host", "127.0.0.1")
			.containsEntry("spring.cloud.consul.port", Integer.toString(consul.port()))
			.hasSize(2);
	}

	@Nested
	class NestedTests {

		@Test
		void nestedClassesShareTheOuterAgent(DevConsulAgent agent) {
			assertThat(agent).isSameAs(consul.agent());
		}

	}

}
