package dev.junction.devconsul;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A thousand blocking queries park without a thread each and all wake on one change. The
 * timing figures live in the benchmark; this only checks the behaviour, with generous
 * bounds.
 */
class BlockingQueryCapacityTests {

	private static final int QUERIES = 1000;

	private DevConsulAgent agent;

	private HttpClient client;

	@BeforeEach
	void start() {
		this.agent = DevConsulAgent.start(DevConsulSettings.defaults());
		this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
	}

	@AfterEach
	void stop() {
		this.agent.close();
	}

	@Test
	void aThousandParkedQueriesAllWakeOnOneChange() throws Exception {
		int threadsBefore = Thread.activeCount();
		long index = send("PUT", "/v1/kv/capacity/seed").headers().firstValueAsLong("X-Consul-Index").orElse(0);
		index = send("GET", "/v1/kv/capacity/?recurse").headers().firstValueAsLong("X-Consul-Index").orElseThrow();
		List<CompletableFuture<HttpResponse<String>>> parked = new ArrayList<>();
		for (int i = 0; i < QUERIES; i++) {
			parked.add(this.client.sendAsync(request("GET", "/v1/kv/capacity/?recurse&index=" + index + "&wait=60s"),
					HttpResponse.BodyHandlers.ofString()));
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> this.agent.parkedQueries() == QUERIES);
		assertThat(Thread.activeCount() - threadsBefore).as("threads started while parking").isLessThan(50);
		send("PUT", "/v1/kv/capacity/changed");
		CompletableFuture.allOf(parked.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		for (CompletableFuture<HttpResponse<String>> response : parked) {
			assertThat(response.get().statusCode()).isEqualTo(200);
			assertThat(response.get().body()).contains("capacity/changed");
		}
		assertThat(this.agent.parkedQueries()).isZero();
	}

	private HttpResponse<String> send(String method, String path) throws Exception {
		return this.client.send(request(method, path), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest request(String method, String path) {
		return HttpRequest.newBuilder(URI.create(this.agent.baseUrl() + path))
			.method(method, HttpRequest.BodyPublishers.ofString(method.equals("PUT") ? "v" : ""))
			.timeout(Duration.ofSeconds(90))
			.build();
	}

}
