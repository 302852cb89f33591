/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.user.order;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConverter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins user-service's copy of {@code OrderPlaced} to the contract fixture that
 * order-service's producer test writes the same event against: if either side changes a
 * field, one of the two builds fails.
 */
class OrderPlacedContractTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final MessageConverter converter = new JacksonJsonMessageConverter(this.json);

	@Test
	void theContractFixtureArrivesAsThisServicesOrderPlaced() throws IOException {
		MessageProperties properties = new MessageProperties();
		properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
		// what the listener adapter sets: the
		// parameter's type, not a producer's class name
		properties.setInferredArgumentType(OrderPlaced.class);
		properties.setHeader("__TypeId__", "dev.junction.sample.order.order.OrderPlaced");

		Object event = this.converter.fromMessage(new Message(fixture(), properties));

		assertThat(event).isEqualTo(new OrderPlaced(UUID.fromString("7f1c9e9a-3c1b-4f0e-9a52-2f7d3f0c1a11"), 42,
				"Espresso beans, 1 kg", 2, Instant.parse("2026-03-01T09:30:00Z")));
	}

	@Test
	void noFieldOfTheContractIsLostOnTheWayIn() throws Exception {
		OrderPlaced event = this.json.readValue(fixture(), OrderPlaced.class);

		JSONAssert.assertEquals(new String(fixture(), StandardCharsets.UTF_8), this.json.writeValueAsString(event),
				JSONCompareMode.STRICT);
	}

	static byte[] fixture() throws IOException {
		try (InputStream in = OrderPlacedContractTests.class.getResourceAsStream("/contracts/order-placed.json")) {
			return in.readAllBytes();
		}
	}

}
