/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.starter.JunctionHeaders;
import dev.junction.starter.JunctionMetadata;
import dev.junction.starter.ProviderApp;
import dev.junction.starter.TestApps;
import dev.junction.testsupport.ConsulHttp;
import dev.junction.testsupport.LoopbackPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.WebApplicationType;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Consumers (servlet and reactive) call a provider through the starter's load-balanced
 * clients while providers come and go; instance lists follow Consul's blocking queries.
 * <p>
 * Providers: {@code v2} and {@code v1b} in zone {@code b} for the whole class; the
 * consumers live in zone {@code a}, where a provider is started only by the tests that
 * need one.
 */
class LoadBalancingTests {

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	static ConfigurableApplicationContext v2;

	static ConfigurableApplicationContext v1b;

	static ConfigurableApplicationContext consumer;

	static ConfigurableApplicationContext reactiveConsumer;

	@BeforeAll
	static void startApps() {
		v2 = provider("v2", "b");
		v1b = provider("v1", "b");
		consumer = TestApps.start(WebApplicationType.SERVLET, ConsumerApps.Servlet.class, consul.springProperties(),
				"spring.application.name=consumer", "junction.instance.zone=a");
		reactiveConsumer = TestApps.start(WebApplicationType.REACTIVE, ConsumerApps.Reactive.class,
				consul.springProperties(), "spring.application.name=reactive-consumer", "junction.instance.zone=a");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> ConsulHttp.passing(consul.baseUrl(), "provider").size() == 2);
	}

	@AfterAll
	static void stopApps() {
		for (ConfigurableApplicationContext app : new ConfigurableApplicationContext[] { reactiveConsumer, consumer,
				v1b, v2 }) {
			if (app != null) {
				app.close();
			}
		}
	}

	@Test
	void theVersionChosenAtTheEdgeTravelsOnAndPicksThatVersionOnTheNextHop() throws IOException {
		for (ConfigurableApplicationContext app : List.of(consumer, reactiveConsumer)) {
			for (int i = 0; i < 6; i++) {
				String answer = body(app, "/call", JunctionHeaders.VERSION, "v2");
				assertThat(answer).startsWith("version=v2;zone=b;requested=v2");
				assertThat(body(app, "/call", JunctionHeaders.VERSION, "v1")).startsWith("version=v1;zone=b");
			}
		}
		assertThat(body(consumer, "/call-web", JunctionHeaders.VERSION, "v2")).startsWith("version=v2;");
	}

	@Test
	void aVersionNoInstanceHasFallsBackToAllInstances() {
		Set<String> versions = ConcurrentHashMap.newKeySet();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			versions.add(body(consumer, "/call", JunctionHeaders.VERSION, "v9").substring(0, 10));
			return versions.size() == 2;
		});
	}

	@Test
	void theCorrelationIdTravelsWithTheCall() throws IOException {
		assertThat(body(consumer, "/call", JunctionHeaders.CORRELATION_ID, "order-42"))
			.endsWith(";correlation=order-42");
		assertThat(body(reactiveConsumer, "/call", JunctionHeaders.CORRELATION_ID, "order-43"))
			.endsWith(";correlation=order-43");
		assertThat(body(consumer, "/call")).doesNotEndWith(";correlation=null");
	}

	/** The last answers, from a snapshot: the load keeps appending while we look. */
	private static List<String> lastAnswers(CallLoad load, int count) {
		List<String> answers = List.copyOf(load.answers);
		return answers.subList(Math.max(0, answers.size() - count), answers.size());
	}

	@Test
	void consumersPreferTheirOwnZoneAndSpillOverWithoutAFailedCallWhenItEmpties() throws Exception {
		ConfigurableApplicationContext v1a = provider("v1", "a");
		try {
			// a new instance reaches the consumers within seconds
			await().atMost(Duration.ofSeconds(10)).until(() -> body(consumer, "/call").contains("zone=a"));
			await().atMost(Duration.ofSeconds(10)).until(() -> body(reactiveConsumer, "/call").contains("zone=a"));
			for (int i = 0; i < 10; i++) {
				assertThat(body(consumer, "/call")).contains("zone=a");
			}
			try (CallLoad load = new CallLoad(consumer, reactiveConsumer)) {
				await().atMost(Duration.ofSeconds(10)).until(() -> load.answers.size() > 20);
				v1a.close();
				await().atMost(Duration.ofSeconds(15))
					.until(() -> lastAnswers(load, 10).stream().allMatch((answer) -> answer.contains("zone=b")));
				assertThat(load.failures).isEmpty();
				assertThat(load.answers).anyMatch((answer) -> answer.contains("zone=a"));
			}
		}
		finally {
			v1a.close();
		}
	}

	@Test
	void anInstanceThatRefusesConnectionsIsEjectedAndTheCallRetriedOnAnother() throws IOException {
		int closedPort = LoopbackPorts.free();
		ConsulHttp.register(consul.baseUrl(), """
				{"ID": "provider-ghost", "Name": "provider", "Address": "127.0.0.1", "Port": %d,
				 "Meta": {"version": "v1", "zone": "b"},
				 "Check": {"TTL": "60s", "Status": "passing"}}""".formatted(closedPort));
		try {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> ConsulHttp.passing(consul.baseUrl(), "provider").size() == 3);
			OutlierDetector ejector = consumer.getBean(OutlierDetector.class);
			DefaultServiceInstance ghost = new DefaultServiceInstance("provider-ghost", "provider", "127.0.0.1",
					closedPort, false, Map.of(JunctionMetadata.VERSION, "v1"));
			for (int i = 0; i < 12; i++) {
				HttpResponse<String> response = TestApps.get(consumer, "/call");
				assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
				if (ejector.isEjected(ghost)) {
					break;
				}
			}
			assertThat(ejector.isEjected(ghost)).as("the ghost was tried and ejected").isTrue();
		}
		finally {
			ConsulHttp.deregister(consul.baseUrl(), "provider-ghost");
		}
	}

	private static ConfigurableApplicationContext provider(String version, String zone) {
		return TestApps.start(WebApplicationType.SERVLET, ProviderApp.class, consul.springProperties(),
				"spring.application.name=provider", "junction.instance.version=" + version,
				"junction.instance.zone=" + zone, "junction.shutdown.drain-delay=1s");
	}

	private static String body(ConfigurableApplicationContext app, String path, String... headers) throws IOException {
		HttpResponse<String> response = TestApps.get(app, path, headers);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

}
