/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.RedisNamespaceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * user-service counts orders from {@code OrderPlaced} events sent to the real broker in
 * the producer's format (the contract fixture), exactly once per message id.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class OrderPlacedConsumerTests {

	@RegisterExtension
	static PostgresDatabaseExtension database = new PostgresDatabaseExtension();

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		IsolatedServers.register(registry, IsolatedServers.properties(database, redis, rabbit));
	}

	/**
	 * Stops consuming before the extensions delete the queues (the context itself closes
	 * after them): a listener that loses its queue declares it again.
	 */
	@AfterAll
	static void stopListeningFirst(ApplicationContext context) {
		context.getBean(RabbitListenerEndpointRegistry.class).stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	RabbitTemplate rabbitTemplate;

	@Value("${junction.sample.user.order-events.exchange}")
	String exchange;

	@Value("${junction.sample.user.order-events.queue}")
	String queue;

	RestTestClient client;

	private final JsonMapper json = JsonMapper.builder().build();

	@BeforeEach
	void client() {
		this.client = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + this.port).build();
	}

	@Test
	void anOrderPlacedDeliveredTwiceIsCountedOnce() throws Exception {
		long userId = createUser("twice");
		assertThat(orderCount(userId)).isZero(); // now cached on both levels

		Message first = orderPlaced(userId, UUID.randomUUID().toString());
		send(first);
		send(first);
		send(orderPlaced(userId, UUID.randomUUID().toString()));

		// the queue is FIFO with one consumer: once the third message counted, the
		// duplicate was seen
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(orderCount(userId)).isEqualTo(2));
		assertThat(IsolatedServers.count(database, "junction_processed_message")).isEqualTo(2);
		assertThat(orderCount(userId)).isEqualTo(2);
	}

	@Test
	void anOrderPlacedWithoutMessageIdIsDeadLetteredNotCounted() throws Exception {
		long userId = createUser("no-id");
		send(orderPlaced(userId, null));

		Message parked = this.rabbitTemplate.receive(this.queue + ".dlq", Duration.ofSeconds(30).toMillis());

		assertThat(parked).as("message in %s.dlq", this.queue).isNotNull();
		assertThat(this.json.readTree(parked.getBody()).get("userId").asLong()).isEqualTo(userId);
		assertThat(orderCount(userId)).isZero();
	}

	@Test
	void anOrderPlacedForAnUnknownUserIsDeadLetteredAndLeavesNoTrace() throws Exception {
		long processed = IsolatedServers.count(database, "junction_processed_message");
		send(orderPlaced(987654, UUID.randomUUID().toString()));

		Message parked = this.rabbitTemplate.receive(this.queue + ".dlq", Duration.ofSeconds(30).toMillis());

		assertThat(parked).as("message in %s.dlq", this.queue).isNotNull();
		assertThat(this.json.readTree(parked.getBody()).get("userId").asLong()).isEqualTo(987654);
		assertThat(IsolatedServers.count(database, "junction_processed_message")).isEqualTo(processed);
	}

	private void send(Message message) {
		this.rabbitTemplate.send(this.exchange, "order.placed", message);
	}

	/** The producer's contract fixture, for this user and order. */
	private Message orderPlaced(long userId, String messageId) throws IOException {
		ObjectNode event;
		try (InputStream in = getClass().getResourceAsStream("/contracts/order-placed.json")) {
			event = (ObjectNode) this.json.readTree(in);
		}
		event.put("userId", userId);
		event.put("orderId", UUID.randomUUID().toString());
		MessageProperties properties = new MessageProperties();
		properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
		properties.setMessageId(messageId);
		return new Message(this.json.writeValueAsBytes(event), properties);
	}

	private long createUser(String name) {
		String location = this.client.post()
			.uri("/api/users")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"name\": \"" + name + "\", \"email\": \"" + name + "@example.org\"}")
			.exchange()
			.expectStatus()
			.isCreated()
			.returnResult()
			.getResponseHeaders()
			.getLocation()
			.toString();
		return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
	}

	private long orderCount(long userId) {
		return this.client.get()
			.uri("/api/users/" + userId)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(UserView.class)
			.getResponseBody()
			.orderCount();
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record UserView(long id, long orderCount) {
	}

}
