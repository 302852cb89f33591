/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.sample.order.order;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import dev.junction.testsupport.ProjectLayout;
import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins order-service's {@link OrderPlaced} to the contract fixture that user-service's
 * consumer test reads with its own copy of the type: if the producer renames, retypes,
 * adds or drops a field, this fails before a consumer does.
 */
class OrderPlacedContractTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final OrderPlaced fixtureEvent = new OrderPlaced(UUID.fromString("7f1c9e9a-3c1b-4f0e-9a52-2f7d3f0c1a11"),
			42, "Espresso beans, 1 kg", 2, Instant.parse("2026-03-01T09:30:00Z"));

	@Test
	void orderPlacedIsSentExactlyAsTheContractFixture() throws Exception {
		Message message = new JacksonJsonMessageConverter(this.json).toMessage(this.fixtureEvent,
				new MessageProperties());

		assertThat(message.getMessageProperties().getContentType()).isEqualTo(MessageProperties.CONTENT_TYPE_JSON);
		JSONAssert.assertEquals(fixture(), new String(message.getBody(), StandardCharsets.UTF_8),
				JSONCompareMode.STRICT);
	}

	@Test
	void theContractFixtureDescribesAnOrderPlacedThisServiceCouldHaveSent() throws IOException {
		assertThat(this.json.readValue(fixture(), OrderPlaced.class)).isEqualTo(this.fixtureEvent);
	}

	@Test
	void userServiceTestsAgainstTheSameFixture() throws IOException {
		Path consumersCopy = ProjectLayout.root()
			.resolve("sample-user-service/src/test/resources/contracts/order-placed.json");

		assertThat(Files.readString(consumersCopy)).isEqualTo(fixture());
	}

	private static String fixture() throws IOException {
		try (InputStream in = OrderPlacedContractTests.class.getResourceAsStream("/contracts/order-placed.json")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
