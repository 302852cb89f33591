/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.junction.devconsul.DevConsulAgent;
import dev.junction.devconsul.DevConsulSettings;
import dev.junction.starter.ProviderApp;
import dev.junction.starter.TestApps;
import dev.junction.testsupport.ConsulHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real apps through a Consul outage, against the dev agent stopped and restarted empty on
 * its port: calls keep succeeding with the last known lists, readiness stays up while the
 * health details say since when Consul is unreachable, every instance registers again in
 * the empty agent within seconds without the caller's list ever emptying, and an app
 * started while the agent is down serves, routes from the snapshot and registers once the
 * agent is back.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConsulOutageTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path snapshots;

	private DevConsulAgent agent = DevConsulAgent.start(DevConsulSettings.defaults());

	private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

	@AfterEach
	void stop() {
		this.apps.forEach(ConfigurableApplicationContext::close);
		this.agent.close();
	}

	@Test
	void callsKeepSucceedingThroughTheOutageAndEveryInstanceRegistersAgainInTheAgentRestartedEmpty(
			CapturedOutput output) throws IOException {
		start(ProviderApp.class, "provider");
		ConfigurableApplicationContext consumer = start(ConsumerApps.Servlet.class, "outage-consumer");
		await().atMost(Duration.ofSeconds(20)).until(() -> ConsulHttp.passing(baseUrl(), "provider").size() == 1);
		await().atMost(Duration.ofSeconds(20)).until(() -> TestApps.get(consumer, "/call").statusCode() == 200);
		assertThat(registry(consumer)).isEqualTo("reachable");

		int logBeforeOutage = output.getOut().length();
		this.agent.close();
		await().atMost(Duration.ofSeconds(30)).until(() -> registry(consumer).startsWith("unreachable since "));
		assertThat(Instant.parse(registry(consumer).substring("unreachable since ".length())))
			.isBeforeOrEqualTo(Instant.now());
		long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		while (System.nanoTime() < until) {
			assertThat(TestApps.get(consumer, "/call").statusCode()).as("a call while Consul is down").isEqualTo(200);
			assertThat(TestApps.get(consumer, "/readyz").statusCode()).as("readiness while Consul is down")
				.isEqualTo(200);
		}

		assertThat(output.getOut().substring(logBeforeOutage).lines().filter((line) -> line.contains(" ERROR ")))
			.as("the outage is told at WARN, once per watch, not as errors every second")
			.isEmpty();

		this.agent = this.agent.restartEmpty();
		List<Integer> statuses = new ArrayList<>();
		long restarted = System.nanoTime();
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
			statuses.add(TestApps.get(consumer, "/call").statusCode());
			return ConsulHttp.passing(baseUrl(), "provider").size() == 1
					&& ConsulHttp.passing(baseUrl(), "outage-consumer").size() == 1;
		});
		assertThat(Duration.ofNanos(System.nanoTime() - restarted)).as("every instance registered again")
			.isLessThan(Duration.ofSeconds(12));
		for (int i = 0; i < 20; i++) {
			statuses.add(TestApps.get(consumer, "/call").statusCode());
		}
		assertThat(statuses).as("the caller's list was never emptied").isNotEmpty().containsOnly(200);
		await().atMost(Duration.ofSeconds(10)).until(() -> registry(consumer).equals("reachable"));
		assertThat(output.getOut().substring(logBeforeOutage))
			.contains("Cannot watch the instances of 'provider' in Consul")
			.contains("Watching the instances of 'provider' in Consul again, after ");
	}

	@Test
	void anAppStartedWhileTheAgentIsDownServesRoutesFromTheSnapshotAndRegistersWhenTheAgentAppears()
			throws IOException {
		start(ProviderApp.class, "provider");
		ConfigurableApplicationContext first = start(ConsumerApps.Servlet.class, "snapshot-consumer");
		await().atMost(Duration.ofSeconds(20)).until(() -> ConsulHttp.passing(baseUrl(), "provider").size() == 1);
		await().atMost(Duration.ofSeconds(20)).until(() -> TestApps.get(first, "/call").statusCode() == 200);
		Path snapshot = this.snapshots.resolve("instances-provider.snapshot");
		await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(snapshot));
		first.close();
		this.agent.close();

		ConfigurableApplicationContext late = start(ConsumerApps.Servlet.class, "late-consumer");
		assertThat(TestApps.get(late, "/readyz").statusCode()).isEqualTo(200);
		assertThat(TestApps.get(late, "/call").statusCode()).as("routed from the snapshot").isEqualTo(200);

		this.agent = this.agent.restartEmpty();
		await().atMost(Duration.ofSeconds(15)).until(() -> ConsulHttp.passing(baseUrl(), "late-consumer").size() == 1);
		assertThat(TestApps.get(late, "/call").statusCode()).isEqualTo(200);
	}

	private ConfigurableApplicationContext start(Class<?> source, String name) {
		Map<String, String> consul = new LinkedHashMap<>();
		consul.put("spring.cloud.consul.host", URI.create(baseUrl()).getHost());
		consul.put("spring.cloud.consul.port", Integer.toString(this.agent.port()));
		ConfigurableApplicationContext app = TestApps.start(WebApplicationType.SERVLET, source, consul,
				"spring.application.name=" + name, "junction.registration.check-interval=1s",
				"junction.discovery.snapshot.directory=" + this.snapshots,
				"management.endpoint.health.show-details=always");
		this.apps.add(app);
		return app;
	}

	private String baseUrl() {
		return this.agent.baseUrl();
	}

	private static String registry(ConfigurableApplicationContext app) throws IOException {
		int port = app.getBean(Environment.class).getProperty("local.management.port", Integer.class);
		HttpResponse<String> health = TestApps.get("http://127.0.0.1:" + port + "/actuator/health");
		return json.readTree(health.body())
			.path("components")
			.path("junctionConsul")
			.path("details")
			.path("registry")
			.asString("");
	}

}
