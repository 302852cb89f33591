/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shutdown;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.starter.ProviderApp;
import dev.junction.starter.TestApps;
import dev.junction.testsupport.ConsulHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

/**
 * A closing app leaves Consul first and keeps serving while consumers notice.
 */
class ShutdownOrderTests {

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	@Test
	void anInstanceLeavesConsulBeforeItsWebServerStopsAccepting() throws IOException {
		ConfigurableApplicationContext app = TestApps.start(WebApplicationType.SERVLET, ProviderApp.class,
				consul.springProperties(), "spring.application.name=leaving", "junction.shutdown.drain-delay=3s");
		int port = TestApps.port(app);
		await().atMost(Duration.ofSeconds(20)).until(() -> ConsulHttp.passing(consul.baseUrl(), "leaving").size() == 1);
		assertThat(ConsulHttp.getJson(consul.baseUrl(), "/v1/agent/services")
			.has(ConsulHttp.passingIds(consul.baseUrl(), "leaving").get(0))).isTrue();

		CompletableFuture<Void> closing = CompletableFuture.runAsync(app::close);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> ConsulHttp.getJson(consul.baseUrl(), "/v1/health/service/leaving").isEmpty());
		assertThat(closing).isNotDone();
		assertThat(TestApps.get(app, "/whoami").statusCode()).as("still serving while draining").isEqualTo(200);
		assertThat(TestApps.get(app, "/readyz").statusCode()).as("but no longer ready").isEqualTo(503);

		closing.join();
		assertThatIOException().isThrownBy(() -> TestApps.get("http://127.0.0.1:" + port + "/whoami"));
	}

}
