/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.starter.JunctionHeaders;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load shedding per route through the running gateway. The users route has a fixed limit
 * of 8 and its instance holds requests on a latch the test opens, so a refusal is seen
 * while every place of the route is taken; the orders route, to another service, has its
 * own limit and keeps being served.
 */
class LoadSheddingTests {

	private static final String USERS_ROUTE = "sample-user-service";

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	static FakeBackend users;

	static FakeBackend orders;

	static RunningGateway gateway;

	static final ExecutorService clients = Executors.newFixedThreadPool(16);

	@BeforeAll
	static void start() {
		users = FakeBackend.start(consul.baseUrl(), "sample-user-service", "v1");
		orders = FakeBackend.start(consul.baseUrl(), "sample-order-service", "v1");
		Map<String, String> properties = new HashMap<>(consul.springProperties());
		properties.put("junction.gateway.load-shedding.routes." + USERS_ROUTE + ".limit", "fixed");
		properties.put("junction.gateway.load-shedding.routes." + USERS_ROUTE + ".fixed-limit", "8");
		properties.put("junction.gateway.load-shedding.routes." + USERS_ROUTE + ".retry-after", "2s");
		gateway = RunningGateway.startReady(properties);
	}

	@AfterAll
	static void stop() {
		clients.shutdownNow();
		gateway.close();
		users.close();
		orders.close();
	}

	@Test
	void aFullRouteRefusesAtOnceWhileOtherRoutesAndTheProbesAreServed() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		users.holdUntil(release);
		try {
			List<Future<HttpResponse<String>>> held = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				held.add(clients.submit(() -> gateway.get("/api/users/1")));
			}
			assertThat(users.held().tryAcquire(8, 20, TimeUnit.SECONDS)).as("8 requests at the instance").isTrue();
			int hits = users.hits();
			double rejectedBefore = rejected();

			HttpResponse<String> refused = gateway.get("/api/users/2");

			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
			assertThat(refused.headers().firstValue(JunctionHeaders.LOAD_SHED)).hasValue("true");
			assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(refused.body()).contains("\"type\":\"https://junction.dev/problems/load-shed\"",
					"\"status\":503", USERS_ROUTE);
			assertThat(users.hits()).as("the refused request never reached the instance").isEqualTo(hits);
			assertThat(rejected()).isEqualTo(rejectedBefore + 1);
			assertThat(meter("junction.load-shedding.in-flight").gauge().value()).isEqualTo(8);
			assertThat(gateway.get("/api/orders/1").statusCode()).isEqualTo(200);
			assertThat(gateway.management("/readyz").statusCode()).isEqualTo(200);

			release.countDown();
			for (Future<HttpResponse<String>> answer : held) {
				assertThat(answer.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			}
			assertThat(gateway.get("/api/users/3").statusCode()).isEqualTo(200);
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void threeTimesTheRoutesConcurrencyGetsTheAdmittedRequestsServedAndTheRestRefused() throws Exception {
		double rejectedBefore = rejected();
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
		List<Future<int[]>> workers = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			workers.add(clients.submit(() -> {
				int[] counts = new int[3];
				while (System.nanoTime() < end) {
					HttpResponse<String> answer = gateway.get("/api/users/1", FakeBackend.DELAY, "50");
					boolean shed = answer.statusCode() == 503
							&& "true".equals(answer.headers().firstValue(JunctionHeaders.LOAD_SHED).orElse(null));
					counts[(answer.statusCode() == 200) ? 0 : shed ? 1 : 2]++;
				}
				return counts;
			}));
		}
		int[] total = new int[3];
		for (Future<int[]> worker : workers) {
			int[] counts = worker.get(60, TimeUnit.SECONDS);
			for (int i = 0; i < 3; i++) {
				total[i] += counts[i];
			}
		}
		assertThat(total[2]).as("answers neither served nor shed").isZero();
		assertThat(total[0]).as("served").isPositive();
		assertThat(total[1]).as("shed").isPositive();
		assertThat(rejected() - rejectedBefore).isEqualTo(total[1]);
	}

	private static double rejected() {
		// none before the route's first request
		FunctionCounter rejected = gateway.context()
			.getBean(MeterRegistry.class)
			.find("junction.load-shedding.rejected")
			.tag("route", USERS_ROUTE)
			.functionCounter();
		return (rejected != null) ? rejected.count() : 0;
	}

	private static RequiredSearch meter(String name) {
		return gateway.context().getBean(MeterRegistry.class).get(name).tag("route", USERS_ROUTE);
	}

}
