/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.faults;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.starter.JunctionHeaders;
import dev.junction.starter.SeparateReactorResources;
import dev.junction.starter.TestApps;
import dev.junction.testsupport.ConsulHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault injection in a running servlet and reactive app, driven by a KV document in the
 * dev agent: it applies within seconds, marks every answer it shapes, spares the probes,
 * refuses an invalid document without changing anything, and stops when the key goes.
 */
class FaultInjectionTests {

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	private ConfigurableApplicationContext app;

	@AfterEach
	void stop() {
		ConsulHttp.deleteKv(consul.baseUrl(), "junction/faults/faulty");
		if (this.app != null) {
			this.app.close();
		}
	}

	private void start(WebApplicationType type, Class<?> source, String... properties) {
		String[] all = new String[properties.length + 4];
		all[0] = "spring.application.name=faulty";
		all[1] = "spring.cloud.consul.discovery.register=false";
		all[2] = "junction.instance.version=v2";
		all[3] = "junction.faults.watch-wait=2s";
		System.arraycopy(properties, 0, all, 4, properties.length);
		this.app = TestApps.start(type, source, consul.springProperties(), all);
	}

	@Test
	void aServletAppAnswersTheInjectedStatusMarkedAndSparesItsProbes() throws IOException {
		start(WebApplicationType.SERVLET, ServletApp.class, "junction.faults.enabled=true");
		assertThat(TestApps.get(this.app, "/hello").statusCode()).isEqualTo(200);
		ConsulHttp.putKv(consul.baseUrl(), "junction/faults/faulty",
				"{\"version\": \"v2\", \"abort\": {\"share\": 1, \"status\": 503}}");
		await().atMost(Duration.ofSeconds(10)).until(() -> TestApps.get(this.app, "/hello").statusCode() == 503);
		HttpResponse<String> aborted = TestApps.get(this.app, "/hello");
		assertThat(aborted.headers().firstValue(JunctionHeaders.FAULT)).hasValue("abort");
		assertThat(aborted.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(aborted.body()).contains("\"status\":503").contains("junction/faults/faulty");
		assertThat(TestApps.get(this.app, "/readyz").statusCode()).isEqualTo(200);
		assertThat(TestApps.get(this.app, "/livez").statusCode()).isEqualTo(200);

		// an invalid document changes nothing
		ConsulHttp.putKv(consul.baseUrl(), "junction/faults/faulty", "{\"abort\": {\"share\": 2}}");
		FaultInjection injection = this.app.getBean(FaultInjection.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> injection.rejected() != null);
		assertThat(injection.rejected()).contains("abort.share must be a number from 0 to 1");
		assertThat(TestApps.get(this.app, "/hello").statusCode()).isEqualTo(503);

		// another version's faults leave this instance alone
		ConsulHttp.putKv(consul.baseUrl(), "junction/faults/faulty",
				"{\"version\": \"v3\", \"abort\": {\"share\": 1}}");
		await().atMost(Duration.ofSeconds(10)).until(() -> TestApps.get(this.app, "/hello").statusCode() == 200);

		// a delay holds the request and marks it
		ConsulHttp.putKv(consul.baseUrl(), "junction/faults/faulty",
				"{\"delay\": {\"share\": 1, \"duration\": \"400ms\"}}");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> TestApps.get(this.app, "/hello").headers().firstValue(JunctionHeaders.FAULT).isPresent());
		long started = System.nanoTime();
		HttpResponse<String> delayed = TestApps.get(this.app, "/hello");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
		assertThat(delayed.statusCode()).isEqualTo(200);
		assertThat(delayed.body()).isEqualTo("hello");
		assertThat(delayed.headers().firstValue(JunctionHeaders.FAULT)).hasValue("delay");

		// deleting the key stops every fault
		ConsulHttp.deleteKv(consul.baseUrl(), "junction/faults/faulty");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> TestApps.get(this.app, "/hello").headers().firstValue(JunctionHeaders.FAULT).isEmpty());
	}

	@Test
	void aReactiveAppAnswersTheInjectedStatusToo() throws IOException {
		start(WebApplicationType.REACTIVE, ReactiveApp.class, "junction.faults.enabled=true");
		ConsulHttp.putKv(consul.baseUrl(), "junction/faults/faulty", "{\"abort\": {\"share\": 1, \"status\": 500}}");
		await().atMost(Duration.ofSeconds(10)).until(() -> TestApps.get(this.app, "/hello").statusCode() == 500);
		HttpResponse<String> aborted = TestApps.get(this.app, "/hello");
		assertThat(aborted.headers().firstValue(JunctionHeaders.FAULT)).hasValue("abort");
		assertThat(aborted.body()).contains("Injected fault");
	}

	@Test
	void withoutTheSwitchADocumentDoesNothing() throws IOException {
		ConsulHttp.putKv(consul.baseUrl(), "junction/faults/faulty", "{\"abort\": {\"share\": 1}}");
		start(WebApplicationType.SERVLET, ServletApp.class);
		assertThat(this.app.getBeanNamesForType(FaultInjection.class)).isEmpty();
		for (int i = 0; i < 5; i++) {
			assertThat(TestApps.get(this.app, "/hello").statusCode()).isEqualTo(200);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ ServletApp.Endpoints.class, SeparateReactorResources.class })
	static class ServletApp {

		@RestController
		static class Endpoints {

			@GetMapping("/hello")
			String hello() {
				return "hello";
			}

		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ ReactiveApp.Endpoints.class, SeparateReactorResources.class })
	static class ReactiveApp {

		@RestController
		static class Endpoints {

			@GetMapping("/hello")
			Mono<String> hello() {
				return Mono.just("hello");
			}

		}

	}

}
