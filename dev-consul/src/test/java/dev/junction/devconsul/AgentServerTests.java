/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP layer seen through a raw socket: ordering, keep-alive, and parked queries that
 * go away with their client.
 */
class AgentServerTests {

	private DevConsulAgent agent;

	@BeforeEach
	void start() {
		this.agent = DevConsulAgent.start(DevConsulSettings.defaults().withMaxBodyBytes(1024));
	}

	@AfterEach
	void stop() {
		this.agent.close();
	}

	@Test
	void pipelinedRequestsAreAnsweredInOrderEvenBehindABlockingQuery() throws IOException {
		try (Socket socket = connect()) {
			send(socket, "GET /v1/kv/?recurse&index=" + Long.MAX_VALUE + "&wait=1s HTTP/1.1\r\nHost: x\r\n\r\n"
					+ "GET /v1/status/leader HTTP/1.1\r\nHost: x\r\n\r\n");
			String answers = read(socket, 2);
			assertThat(answers.indexOf("404 Not Found")).isGreaterThanOrEqualTo(0)
				.isLessThan(answers.indexOf("127.0.0.1:8300"));
		}
	}

	@Test
	void anOversizedBodyIs413AndTheConnectionStaysUsable() throws IOException {
		try (Socket socket = connect()) {
			send(socket, "PUT /v1/kv/big HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n" + "x".repeat(2000)
					+ "GET /v1/status/leader HTTP/1.1\r\nHost: x\r\n\r\n");
			String answers = read(socket, 2);
			assertThat(answers).startsWith("HTTP/1.1 413").contains("max size: 1024 bytes").contains("127.0.0.1:8300");
		}
	}

	@Test
	void aParkedQueryIsDroppedWhenItsClientGoesAway() throws IOException {
		try (Socket socket = connect()) {
			send(socket, "GET /v1/catalog/services?index=" + Long.MAX_VALUE + "&wait=5m HTTP/1.1\r\nHost: x\r\n\r\n");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.agent.parkedQueries() == 1);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.agent.parkedQueries() == 0);
	}

	@Test
	void closingTheAgentAnswersParkedQueriesAndReleasesThePort() throws IOException {
		try (Socket socket = connect()) {
			send(socket, "GET /v1/catalog/services?index=" + Long.MAX_VALUE + "&wait=5m HTTP/1.1\r\nHost: x\r\n\r\n");
			await().atMost(Duration.ofSeconds(10)).until(() -> this.agent.parkedQueries() == 1);
			this.agent.close();
			assertThat(read(socket, 1)).startsWith("HTTP/1.1 200");
		}
		try (ServerSocket again = new ServerSocket(this.agent.port())) {
			assertThat(again.getLocalPort()).isEqualTo(this.agent.port());
		}
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket("127.0.0.1", this.agent.port());
		socket.setSoTimeout(15_000);
		return socket;
	}

	private static void send(Socket socket, String text) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(text.getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	/** Read until the given number of responses (each with a Content-Length) arrived. */
	private static String read(Socket socket, int responses) throws IOException {
		InputStream in = socket.getInputStream();
		StringBuilder text = new StringBuilder();
		int complete = 0;
		while (complete < responses) {
			int b = in.read();
			if (b < 0) {
				break;
			}
			text.append((char) b);
			complete = countComplete(text.toString());
		}
		return text.toString();
	}

	private static int countComplete(String text) {
		int count = 0;
		int at = 0;
		while (true) {
			int headersEnd = text.indexOf("\r\n\r\n", at);
			if (headersEnd < 0) {
				return count;
			}
			String headers = text.substring(at, headersEnd).toLowerCase();
			int lengthAt = headers.indexOf("content-length: ");
			int length = (lengthAt < 0) ? 0
					: Integer.parseInt(
							headers
								.substring(lengthAt + 16,
										headers.indexOf("\r\n", lengthAt) < 0 ? headers.length()
												: headers.indexOf("\r\n", lengthAt))
								.trim());
			if (text.length() < headersEnd + 4 + length) {
				return count;
			}
			count++;
			at = headersEnd + 4 + length;
		}
	}

}
