/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import dev.junction.testsupport.ConsulHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.gateway.policy.CanaryBuckets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The default demo policy of sample-user-service (stable v1, canary v2 at weight 20,
 * header X-Canary, sticky by X-User-Id) through the real gateway, against real v1 and v2
 * instances registered in the dev Consul agent.
 */
class CanaryRoutingTests {

	private static final String USERS = "sample-user-service";

	@RegisterExtension
	static DevConsulExtension consul = new DevConsulExtension();

	static FakeBackend v1;

	static FakeBackend v2;

	static FakeBackend orders;

	static RunningGateway gateway;

	@BeforeAll
	static void start() {
		v1 = FakeBackend.start(consul.baseUrl(), USERS, "v1");
		v2 = FakeBackend.start(consul.baseUrl(), USERS, "v2");
		orders = FakeBackend.start(consul.baseUrl(), "sample-order-service", "v1");
		gateway = RunningGateway.startReady(consul.springProperties());
	}

	@AfterAll
	static void stop() {
		gateway.close();
		v1.close();
		v2.close();
		orders.close();
	}

	@Test
	void theCanaryHeaderDecidesBeforeTheCookieWhichDecidesBeforeTheWeight() {
		assertThat(version("X-Canary", "always", "Cookie", "canary=never")).isEqualTo("v2");
		assertThat(version("X-Canary", "never", "Cookie", "canary=always")).isEqualTo("v1");
		assertThat(version("Cookie", "canary=always", "X-User-Id", stableUser())).isEqualTo("v2");
		assertThat(version("Cookie", "canary=never", "X-User-Id", canaryUser())).isEqualTo("v1");
		assertThat(version("X-Canary", "maybe", "Cookie", "canary=always")).isEqualTo("v2");
		assertThat(version("X-Canary", "maybe", "Cookie", "canary=perhaps", "X-User-Id", canaryUser())).isEqualTo("v2");
	}

	@Test
	void theServiceSeesTheGatewaysVersionChoiceNeverTheClients() {
		HttpResponse<String> canary = gateway.get("/api/users/1", "Junction-Version", "v9", "X-Canary", "always");
		assertThat(canary.body()).isEqualTo("v2");
		assertThat(canary.headers().firstValue(FakeBackend.RECEIVED_VERSION)).hasValue("v2");
		HttpResponse<String> noPolicy = gateway.get("/api/orders/1", "Junction-Version", "v9");
		assertThat(noPolicy.statusCode()).isEqualTo(200);
		assertThat(noPolicy.headers().firstValue(FakeBackend.RECEIVED_VERSION)).hasValue("none");
	}

	@Test
	void aboutOneInFiveRequestsWithoutAUserGoToTheCanary() {
		int requests = 5_000;
		List<HttpResponse<String>> answers = Load.send(gateway.client(), requests, 32,
				(i) -> HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api/users/" + i))
					.timeout(Duration.ofSeconds(30))
					.build());
		assertThat(answers).allSatisfy((answer) -> assertThat(answer.statusCode()).isEqualTo(200));
		long canary = answers.stream().filter((answer) -> answer.body().equals("v2")).count();
		// binomial(5,000, 0.2): one standard deviation is 0.57 points. A band of 4.5
		// of them (17.5-22.5 %) fails the right weight about once in 150,000 runs,
		// and a weight of 15 or 25 % every time.
		double deviation = 100 * Math.sqrt(requests * 0.2 * 0.8) / requests;
		assertThat(100.0 * canary / requests).isBetween(20 - 4.5 * deviation, 20 + 4.5 * deviation);
	}

	@Test
	void aUserStaysOnTheirVersionRequestAfterRequest() {
		for (int user = 0; user < 200; user++) {
			String id = "user-" + user;
			String expected = CanaryBuckets.isCanary(id, 20) ? "v2" : "v1";
			for (int request = 0; request < 5; request++) {
				assertThat(version("X-User-Id", id)).as("version of %s", id).isEqualTo(expected);
			}
		}
	}

	@Test
	void whenTheCanaryHasNoHealthyInstanceItsUsersAreServedByStable() {
		v2.deregister();
		try {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(version("X-Canary", "always")).isEqualTo("v1"));
			assertThat(version("X-User-Id", canaryUser())).isEqualTo("v1");
		}
		finally {
			ConsulHttp.register(consul.baseUrl(), USERS + "-v2-" + v2.port(), USERS, v2.port(), "v2");
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(version("X-Canary", "always")).isEqualTo("v2"));
		}
	}

	private static String version(String... headers) {
		HttpResponse<String> answer = gateway.get("/api/users/1", headers);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return answer.body();
	}

	static String canaryUser() {
		return firstUser(true);
	}

	static String stableUser() {
		return firstUser(false);
	}

	private static String firstUser(boolean canary) {
		for (int i = 0;; i++) {
			if (CanaryBuckets.isCanary("user-" + i, 20) == canary) {
				return "user-" + i;
			}
		}
	}

}
