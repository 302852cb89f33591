/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A thousand blocking queries park without a thread each and all wake on one change. The
 * timing figures are a benchmark's business; this checks the behaviour, with generous
 * bounds. Raw sockets keep the client side cheap.
 */
class BlockingQueryCapacityTests {

	private static final int QUERIES = 1000;

	private DevConsulAgent agent;

	private final List<SocketChannel> sockets = new ArrayList<>();

	@BeforeEach
	void start() {
		this.agent = DevConsulAgent.start(DevConsulSettings.defaults());
	}

	@AfterEach
	void stop() throws IOException {
		for (SocketChannel socket : this.sockets) {
			socket.close();
		}
		this.agent.close();
	}

	@Test
	void aThousandParkedQueriesTakeNoThreadEachAndAllWakeOnOneChange() throws Exception {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		long index = client.send(request("GET", "/v1/kv/capacity/?recurse"), HttpResponse.BodyHandlers.discarding())
			.headers()
			.firstValueAsLong("X-Consul-Index")
			.orElseThrow();
		int threadsBefore = Thread.activeCount();
		byte[] blocking = ("GET /v1/kv/capacity/?recurse&index=" + index + "&wait=60s HTTP/1.1\r\nHost: agent\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		try (Selector selector = Selector.open()) {
			for (int i = 0; i < QUERIES; i++) {
				SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", this.agent.port()));
				this.sockets.add(socket);
				socket.write(ByteBuffer.wrap(blocking));
				socket.configureBlocking(false);
				socket.register(selector, SelectionKey.OP_READ, new StringBuilder());
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> this.agent.parkedQueries() == QUERIES);
			assertThat(Thread.activeCount() - threadsBefore).as("threads started while parking").isLessThan(20);
			assertThat(
					client.send(request("PUT", "/v1/kv/capacity/changed"), HttpResponse.BodyHandlers.ofString()).body())
				.isEqualTo("true");
			assertThat(readAll(selector)).hasSize(QUERIES)
				.allSatisfy((answer) -> assertThat(answer).startsWith("HTTP/1.1 200").contains("capacity/changed"));
		}
		assertThat(this.agent.parkedQueries()).isZero();
	}

	/** Read until every socket has a complete answer (the body ends with {@code ]}). */
	private List<String> readAll(Selector selector) throws IOException {
		List<String> answers = new ArrayList<>();
		ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (answers.size() < QUERIES && System.nanoTime() < deadline) {
			selector.select(1000);
			for (SelectionKey key : selector.selectedKeys()) {
				buffer.clear();
				int read = ((SocketChannel) key.channel()).read(buffer);
				StringBuilder answer = (StringBuilder) key.attachment();
				answer.append(new String(buffer.array(), 0, Math.max(read, 0), StandardCharsets.UTF_8));
				if (answer.toString().endsWith("]")) {
					answers.add(answer.toString());
					key.cancel();
				}
			}
			selector.selectedKeys().clear();
		}
		return answers;
	}

	private HttpRequest request(String method, String path) {
		return HttpRequest.newBuilder(URI.create(this.agent.baseUrl() + path))
			.method(method, HttpRequest.BodyPublishers.ofString(method.equals("PUT") ? "v" : ""))
			.timeout(Duration.ofSeconds(30))
			.build();
	}

}
