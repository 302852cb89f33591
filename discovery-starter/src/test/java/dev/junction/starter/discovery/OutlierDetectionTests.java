/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.starter.TestApps;
import dev.junction.testsupport.ConsulHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer's load-balanced RestClient over three real instances registered in the dev
 * agent, one of which answers 500 to everything: after its first few answers it gets no
 * more calls for its ejection time, and the endpoint and the metrics say why. The same
 * for a reactive app's load-balanced WebClient, and for an instance that hangs: three
 * timed-out tries, each retried on another instance, and it is left out.
 */
class OutlierDetectionTests {

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	private final List<Instance> instances = new ArrayList<>();

	/** Opened when the test ends: a hung instance's requests then finish. */
	private final CountDownLatch unhang = new CountDownLatch(1);

	private ConfigurableApplicationContext consumer;

	@AfterEach
	void stop() {
		this.unhang.countDown();
		if (this.consumer != null) {
			this.consumer.close();
		}
		for (Instance instance : this.instances) {
			ConsulHttp.deregister(consul.baseUrl(), instance.id);
			instance.server.stop(0);
		}
	}

	@Test
	void anInstanceAnswering500IsLeftOutForItsEjectionTimeAndShownAsEjected() throws IOException {
		callThroughThreeInstancesOneSick(WebApplicationType.SERVLET, ConsumerApps.Servlet.class);
	}

	@Test
	void theReactiveClientFeedsTheSameRules() throws IOException {
		callThroughThreeInstancesOneSick(WebApplicationType.REACTIVE, ConsumerApps.Reactive.class);
	}

	@Test
	void aHungInstanceIsLeftOutAfterThreeTimedOutTriesOfTheBlockingClient() throws IOException {
		callThroughThreeInstancesOneHung(WebApplicationType.SERVLET, ConsumerApps.Servlet.class);
	}

	@Test
	void aHungInstanceIsLeftOutAfterThreeTimedOutTriesOfTheReactiveClient() throws IOException {
		// the per-try timeout cancels the reactive call, which the load balancer's hooks
		// never report: the retry filter tells outlier detection itself
		callThroughThreeInstancesOneHung(WebApplicationType.REACTIVE, ConsumerApps.Reactive.class);
	}

	private void callThroughThreeInstancesOneHung(WebApplicationType type, Class<?> app) throws IOException {
		Instance first = start("provider-first", 200);
		Instance second = start("provider-second", 200);
		Instance hung = start("provider-hung", -1);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> ConsulHttp.passing(consul.baseUrl(), "provider").size() == 3);
		this.consumer = TestApps.start(type, app, consul.springProperties(), "spring.application.name=consumer",
				"junction.instance.zone=a", "junction.discovery.outlier-detection.base-ejection-time=60s",
				"management.endpoints.web.exposure.include=junctionoutliers");
		for (int call = 1; call <= 20; call++) {
			HttpResponse<String> answer = TestApps.get(this.consumer, "/call");
			assertThat(answer.statusCode()).as("call " + call + ": " + answer.body()).isEqualTo(200);
		}
		assertThat(hung.calls.get()).as("tries the hung instance got").isEqualTo(3);
		assertThat(first.calls.get() + second.calls.get()).isEqualTo(20);
		assertThat(management("/actuator/junctionoutliers")).contains("\"instance\":\"127.0.0.1:" + hung.port() + "\"")
			.contains("\"reason\":\"consecutive-gateway-failures\"");
	}

	private void callThroughThreeInstancesOneSick(WebApplicationType type, Class<?> app) throws IOException {
		Instance first = start("provider-first", 200);
		Instance second = start("provider-second", 200);
		Instance sick = start("provider-sick", 500);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> ConsulHttp.passing(consul.baseUrl(), "provider").size() == 3);
		this.consumer = TestApps.start(type, app, consul.springProperties(), "spring.application.name=consumer",
				"junction.instance.zone=a", "junction.discovery.outlier-detection.base-ejection-time=60s",
				"management.endpoints.web.exposure.include=junctionoutliers,metrics");
		int errors = 0;
		int sickCallsAfterTwenty = -1;
		for (int call = 1; call <= 60; call++) {
			if (TestApps.get(this.consumer, "/call").statusCode() != 200) {
				errors++;
			}
			if (call == 20) {
				sickCallsAfterTwenty = sick.calls.get();
			}
		}
		assertThat(sick.calls.get()).as("calls the sick instance got").isEqualTo(5);
		assertThat(sickCallsAfterTwenty).as("ejected within the first 20 calls").isEqualTo(5);
		assertThat(errors).as("failed calls of 60").isEqualTo(5);
		assertThat(first.calls.get() + second.calls.get()).isEqualTo(55);

		String outliers = management("/actuator/junctionoutliers");
		assertThat(outliers).contains("\"provider\"")
			.contains("\"instance\":\"127.0.0.1:" + sick.port() + "\"")
			.contains("\"reason\":\"consecutive-5xx\"")
			.contains("\"until\":\"")
			.doesNotContain(":" + first.port() + "\"")
			.doesNotContain(":" + second.port() + "\"");
		assertThat(management("/actuator/metrics/junction.outlier.ejected?tag=service:provider"))
			.contains("\"value\":1.0");
		assertThat(management("/actuator/metrics/junction.outlier.ejections?tag=reason:consecutive-5xx"))
			.contains("\"value\":1.0");
	}

	private String management(String path) throws IOException {
		String port = this.consumer.getEnvironment().getProperty("local.management.port");
		HttpResponse<String> response = TestApps.get("http://127.0.0.1:" + port + path);
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
		return response.body();
	}

	private Instance start(String id, int status) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		AtomicInteger calls = new AtomicInteger();
		server.createContext("/", (exchange) -> {
			calls.incrementAndGet();
			if (status < 0) {
				// hung: answers nothing until the test ends
				awaitQuietly(this.unhang);
				exchange.close();
				return;
			}
			byte[] body = ("version=v1;zone=a;id=" + id).getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.setExecutor(Executors.newCachedThreadPool());
		server.start();
		Instance instance = new Instance(id, server, calls);
		this.instances.add(instance);
		ConsulHttp.register(consul.baseUrl(), """
				{"ID": "%s", "Name": "provider", "Address": "127.0.0.1", "Port": %d,
				 "Meta": {"version": "v1", "zone": "a"},
				 "Check": {"TTL": "60s", "Status": "passing"}}""".formatted(id, instance.port()));
		return instance;
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Instance(String id, HttpServer server, AtomicInteger calls) {

		int port() {
			return this.server.getAddress().getPort();
		}

	}

}
