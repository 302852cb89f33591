/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DevConsulMainTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(String... args) {
		return DevConsulMain.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8), (agent) -> {
					throw new AssertionError("the agent should not start");
				});
	}

	@Test
	void helpPrintsUsageAndExitsZero() {
		assertThat(run("--help")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("Usage:", "--port=", "--acl-token=",
				"--reap-minimum=", "never use it in production");
	}

	@Test
	void anUnknownOptionPrintsWhatIsWrongAndTheUsageAndExitsTwo() {
		assertThat(run("--prot=8500")).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("Unknown option '--prot'", "Usage:");
	}

	@Test
	void aBadValueExitsTwo() {
		assertThat(run("--port=eighty")).isEqualTo(2);
		assertThat(run("--reap-interval=30")).isEqualTo(2);
		assertThat(run("--port")).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("--reap-interval", "missing unit");
	}

	@Test
	void validOptionsStartAnAgentThatAnswersUntilItsLifetimeEnds() throws Exception {
		AtomicReference<Integer> leaderStatus = new AtomicReference<>();
		AtomicReference<DevConsulAgent> started = new AtomicReference<>();
		int code = DevConsulMain.run(new String[] { "--port=0", "--reap-interval=1s", "--acl-token=secret" },
				System.out, System.err, (agent) -> {
					started.set(agent);
					leaderStatus.set(get(agent.baseUrl() + "/v1/status/leader"));
				});
		assertThat(code).isZero();
		assertThat(leaderStatus.get()).isEqualTo(200);
		assertThat(started.get().parkedQueries()).isZero();
	}

	private static int get(String url) {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
