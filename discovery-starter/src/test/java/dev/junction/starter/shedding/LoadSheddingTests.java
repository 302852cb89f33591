/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shedding;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.starter.JunctionHeaders;
import dev.junction.starter.SeparateReactorResources;
import dev.junction.starter.TestApps;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

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
 * A servlet app with a fixed limit of 8, over real HTTP. The requests that fill it wait
 * on a latch the test holds, so a refusal is seen while every place is taken: it cannot
 * have waited for one.
 */
class LoadSheddingTests {

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	static ConfigurableApplicationContext app;

	static final ExecutorService clients = Executors.newFixedThreadPool(24);

	@BeforeAll
	static void start() {
		app = TestApps.start(WebApplicationType.SERVLET, App.class, consul.springProperties(),
				"spring.application.name=shedding", "spring.cloud.consul.discovery.register=false",
				"junction.load-shedding.limit=fixed", "junction.load-shedding.fixed-limit=8");
	}

	@AfterAll
	static void stop() {
		App.release.countDown();
		clients.shutdownNow();
		app.close();
	}

	@AfterEach
	void nothingIsLeftInFlight() {
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(app.getBean(ConcurrencyLimiter.class).inFlight()).isZero());
	}

	@Test
	void whileEveryPlaceIsTakenARequestIsRefusedAtOnceAndTheProbesStillAnswer() throws Exception {
		App.hold();
		List<Future<HttpResponse<String>>> held = submit(8, "/held");
		assertThat(App.entered.tryAcquire(8, 20, TimeUnit.SECONDS)).as("8 requests in the handler").isTrue();
		double rejectedBefore = rejected();

		HttpResponse<String> refused = TestApps.get(app, "/held");

		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(refused.headers().firstValue(JunctionHeaders.LOAD_SHED)).hasValue("true");
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.body()).contains("\"type\":\"https://junction.dev/problems/load-shed\"", "\"status\":503");
		assertThat(TestApps.get(app, "/readyz").statusCode()).isEqualTo(200);
		assertThat(TestApps.get(app, "/livez").statusCode()).isEqualTo(200);
		assertThat(rejected()).isEqualTo(rejectedBefore + 1);
		assertThat(gauge(LoadSheddingMetrics.IN_FLIGHT)).isEqualTo(8);
		assertThat(gauge(LoadSheddingMetrics.LIMIT)).isEqualTo(8);

		App.release.countDown();
		for (Future<HttpResponse<String>> answer : held) {
			assertThat(answer.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
		assertThat(TestApps.get(app, "/held").statusCode()).isEqualTo(200);
	}

	@Test
	void anAsyncRequestKeepsItsPlaceUntilItsAnswerIsComplete() throws Exception {
		App.hold();
		List<Future<HttpResponse<String>>> held = submit(8, "/held-async");
		assertThat(App.entered.tryAcquire(8, 20, TimeUnit.SECONDS)).as("8 async requests running").isTrue();
		// the first dispatch of each has returned to Tomcat: only the permits remain
		assertThat(TestApps.get(app, "/held").statusCode()).isEqualTo(503);
		App.release.countDown();
		for (Future<HttpResponse<String>> answer : held) {
			assertThat(answer.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		}
		assertThat(TestApps.get(app, "/held").statusCode()).isEqualTo(200);
	}

	@Test
	void threeTimesTheConcurrencyItTakesGetsEveryAdmittedRequestServedAndTheRestRefused() throws Exception {
		App.busiest.set(0);
		double rejectedBefore = rejected();
		long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		List<Future<int[]>> workers = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			workers.add(clients.submit(() -> {
				int[] counts = new int[3];
				while (System.nanoTime() < end) {
					HttpResponse<String> answer = TestApps.get(app, "/slow");
					if (answer.statusCode() == 200) {
						counts[0]++;
					}
					else if (answer.statusCode() == 503 && answer.headers().firstValue("Retry-After").isPresent()
							&& answer.headers().firstValue(JunctionHeaders.LOAD_SHED).orElse("").equals("true")) {
						counts[1]++;
					}
					else {
						counts[2]++;
					}
				}
				return counts;
			}));
		}
		int served = 0;
		int shed = 0;
		int other = 0;
		for (Future<int[]> worker : workers) {
			int[] counts = worker.get(60, TimeUnit.SECONDS);
			served += counts[0];
			shed += counts[1];
			other += counts[2];
		}
		assertThat(other).as("answers neither served nor shed").isZero();
		assertThat(served).isPositive();
		assertThat(shed).isPositive();
		assertThat(App.busiest.get()).as("most requests in the handler at once").isLessThanOrEqualTo(8);
		assertThat(rejected() - rejectedBefore).isEqualTo(shed);
	}

	private static List<Future<HttpResponse<String>>> submit(int count, String path) {
		List<Future<HttpResponse<String>>> answers = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			answers.add(clients.submit(() -> TestApps.get(app, path)));
		}
		return answers;
	}

	private static double rejected() {
		return app.getBean(MeterRegistry.class).get(LoadSheddingMetrics.REJECTED).functionCounter().count();
	}

	private static double gauge(String name) {
		return app.getBean(MeterRegistry.class).get(name).gauge().value();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ App.Endpoints.class, SeparateReactorResources.class })
	static class App {

		static volatile CountDownLatch release = new CountDownLatch(0);

		static final Semaphore entered = new Semaphore(0);

		static final AtomicInteger running = new AtomicInteger();

		static final AtomicInteger busiest = new AtomicInteger();

		static void hold() {
			entered.drainPermits();
			release = new CountDownLatch(1);
		}

		@RestController
		static class Endpoints {

			@GetMapping("/held")
			String held() throws InterruptedException {
				entered.release();
				release.await(30, TimeUnit.SECONDS);
				return "done";
			}

			@GetMapping("/held-async")
			Callable<String> heldAsync() {
				return () -> {
					entered.release();
					release.await(30, TimeUnit.SECONDS);
					return "done";
				};
			}

			@GetMapping("/slow")
			String slow() throws InterruptedException {
				busiest.accumulateAndGet(running.incrementAndGet(), Math::max);
				try {
					// a service that takes 50 ms per request
					Thread.sleep(50);
					return "done";
				}
				finally {
					running.decrementAndGet();
				}
			}

		}

	}

}
