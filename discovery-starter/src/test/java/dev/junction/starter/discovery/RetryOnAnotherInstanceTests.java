/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.starter.ProviderApp;
import dev.junction.starter.TestApps;
import dev.junction.testsupport.ConsulHttp;
import dev.junction.testsupport.SilentServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance that accepts connections but never answers (hung, or its host overloaded):
 * the call's second and last attempt must go to another instance. (Outlier detection
 * would eject it after three timeouts in a row; it is off here so that the silent
 * instance keeps taking first attempts.) Round robin alone does not promise that when
 * calls run at the same time; the call's record of tried instances does.
 */
class RetryOnAnotherInstanceTests {

	private static final int THREADS = 6;

	private static final int CALLS_PER_THREAD = 12;

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	static ConfigurableApplicationContext provider;

	static ConfigurableApplicationContext consumer;

	static SilentServer silent;

	@BeforeAll
	static void startApps() throws IOException {
		provider = TestApps.start(WebApplicationType.SERVLET, ProviderApp.class, consul.springProperties(),
				"spring.application.name=provider", "junction.instance.version=v1");
		silent = SilentServer.start();
		ConsulHttp.register(consul.baseUrl(), """
				{"ID": "provider-silent", "Name": "provider", "Address": "127.0.0.1", "Port": %d,
				 "Meta": {"version": "v1", "zone": "default"},
				 "Check": {"TTL": "600s", "Status": "passing"}}""".formatted(silent.port()));
		// two attempts at most, and no circuit breaker: every call that fails shows
		consumer = TestApps.start(WebApplicationType.SERVLET, ConsumerApps.Servlet.class, consul.springProperties(),
				"spring.application.name=consumer", "junction.client.read-timeout=400ms",
				"junction.client.retry.max-attempts=2", "junction.client.circuit-breaker.enabled=false",
				"junction.discovery.outlier-detection.enabled=false");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> ConsulHttp.passing(consul.baseUrl(), "provider").size() == 2);
	}

	@AfterAll
	static void stopApps() throws IOException {
		if (consumer != null) {
			consumer.close();
		}
		if (provider != null) {
			provider.close();
		}
		if (silent != null) {
			silent.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/call", "/call-web" })
	void concurrentIdempotentCallsAllSucceedBecauseTheRetryAvoidsTheSilentInstance(String path) throws Exception {
		int acceptedBefore = silent.accepted();
		List<String> failures = new CopyOnWriteArrayList<>();
		ExecutorService callers = Executors.newFixedThreadPool(THREADS);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int thread = 0; thread < THREADS; thread++) {
				done.add(callers.submit(() -> {
					for (int call = 0; call < CALLS_PER_THREAD; call++) {
						try {
							HttpResponse<String> response = TestApps.get(consumer, path);
							if (response.statusCode() != 200) {
								failures.add(response.statusCode() + " " + response.body());
							}
						}
						catch (IOException ex) {
							failures.add(ex.toString());
						}
					}
					return null;
				}));
			}
			for (Future<?> each : done) {
				each.get();
			}
		}
		finally {
			callers.shutdownNow();
		}
		// the silent instance really took first attempts, which were then retried
		assertThat(silent.accepted() - acceptedBefore).as("first attempts that went to the silent instance")
			.isGreaterThan(5);
		assertThat(failures).as("failed calls of %d", THREADS * CALLS_PER_THREAD).isEmpty();
	}

}
