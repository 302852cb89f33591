/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.starter.JunctionHeaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's routes feed the starter's outlier detection with the status of every
 * answer: an instance answering 500 is left out after five, one that sheds load is not.
 */
class OutlierDetectionTests {

	private static final String USERS = "sample-user-service";

	private static final String ORDERS = "sample-order-service";

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	static FakeBackend[] users;

	static FakeBackend[] orders;

	static RunningGateway gateway;

	@BeforeAll
	static void start() {
		users = new FakeBackend[] { FakeBackend.start(consul.baseUrl(), USERS, "v1"),
				FakeBackend.start(consul.baseUrl(), USERS, "v1"), FakeBackend.start(consul.baseUrl(), USERS, "v1") };
		orders = new FakeBackend[] { FakeBackend.start(consul.baseUrl(), ORDERS, "v1"),
				FakeBackend.start(consul.baseUrl(), ORDERS, "v1") };
		Map<String, String> properties = new HashMap<>(consul.springProperties());
		properties.put("junction.discovery.outlier-detection.base-ejection-time", "60s");
		// failures here are the point: the routes' breakers must not hide them
		properties.put("junction.client.circuit-breaker.failure-rate-threshold", "90");
		gateway = RunningGateway.startReady(properties);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		for (FakeBackend backend : users) {
			backend.close();
		}
		for (FakeBackend backend : orders) {
			backend.close();
		}
	}

	@Test
	void anInstanceAnswering500IsLeftOutAfterFiveAndShownWithItsReason() {
		FakeBackend sick = users[2];
		sick.answerWith(500);
		int errors = 0;
		for (int i = 0; i < 45; i++) {
			HttpResponse<String> answer = gateway.get("/api/users/" + i);
			errors += (answer.statusCode() == 200) ? 0 : 1;
		}
		assertThat(sick.hits()).as("requests the sick instance got").isEqualTo(5);
		assertThat(errors).as("failed requests of 45").isEqualTo(5);
		String outliers = gateway.management("/actuator/junctionoutliers").body();
		assertThat(outliers).contains("\"" + USERS + "\"")
			.contains("\"instance\":\"127.0.0.1:" + sick.port() + "\"")
			.contains("\"reason\":\"consecutive-5xx\"")
			.doesNotContain(":" + users[0].port() + "\"")
			.doesNotContain(":" + users[1].port() + "\"");
		String prometheus = gateway.management("/actuator/prometheus").body();
		assertThat(prometheus).contains("junction_outlier_ejected{service=\"" + USERS + "\"} 1.0")
			.contains("junction_outlier_ejections_total{reason=\"consecutive-5xx\",service=\"" + USERS + "\"} 1.0");
	}

	@Test
	void anInstanceSheddingLoadIsNotEjected() {
		FakeBackend shedding = orders[1];
		// a Retry-After beyond the request's deadline: the gateway passes the answer on
		shedding.answerWith(503, JunctionHeaders.LOAD_SHED, "true", "Retry-After", "30");
		int shed = 0;
		for (int i = 0; i < 30; i++) {
			HttpResponse<String> answer = gateway.get("/api/orders/" + i);
			assertThat(answer.statusCode()).as(answer.body()).isIn(200, 503);
			shed += (answer.statusCode() == 503) ? 1 : 0;
		}
		assertThat(shed).as("answers the shedding instance gave").isGreaterThanOrEqualTo(10);
		assertThat(shedding.hits()).isGreaterThanOrEqualTo(10);
		assertThat(gateway.management("/actuator/junctionoutliers").body()).doesNotContain(ORDERS);
	}

}
