/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import dev.junction.testsupport.BrokerProxy;
import dev.junction.testsupport.BrokerProxy.Direction;
import dev.junction.testsupport.RabbitNamespaceExtension;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link JunctionPublisher} when its connection is lost while a window of sends is
 * unconfirmed: the publisher reaches the real broker through a {@link BrokerProxy} that
 * holds the confirms on their way back, then drops the connection, so the test knows
 * which messages the broker took but could not confirm.
 */
class JunctionPublisherConnectionLossTests {

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	private final String exchange = rabbit.exchange("greetings");

	private final String queue = rabbit.queue("greetings.consumer");

	private final String deadLetterQueue = rabbit.queue("greetings.consumer" + JunctionQueues.DEAD_LETTER_QUEUE_SUFFIX);

	private final BrokerProxy proxy = new BrokerProxy(rabbit.server().host(), rabbit.server().port());

	private final ApplicationContextRunner runner = MessagingTestSupport.runner()
		.withConfiguration(MessagingTestSupport.RABBIT)
		.withPropertyValues(MessagingTestSupport.pairs(rabbit.springProperties()))
		.withPropertyValues("spring.rabbitmq.host=" + rabbit.server().host(),
				"spring.rabbitmq.port=" + this.proxy.port())
		.withBean(Declarables.class,
				() -> new JunctionQueues(rabbit.exchange("dlx"), 10).queue(this.queue, this.exchange, "greeting.*"));

	@AfterEach
	void closeProxy() {
		this.proxy.close();
	}

	@Test
	void theUnconfirmedMessagesOfAWindowFailWhenTheConnectionIsLostAndTheConfirmedOnesStayConfirmed() {
		this.runner.run((context) -> {
			JunctionPublisher publisher = context.getBean(JunctionPublisher.class);
			AtomicInteger connectionsOpened = new AtomicInteger();
			context.getBean(CachingConnectionFactory.class)
				.addConnectionListener((connection) -> connectionsOpened.incrementAndGet());
			List<PendingConfirm> window = new ArrayList<>(send(publisher, 50));
			// the broker's confirms of the first half have come back
			window.forEach(PendingConfirm::await);
			this.proxy.hold(Direction.TO_APP);
			window.addAll(send(publisher, 50));
			// the broker took the second half: its confirms wait in the proxy
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(this.proxy::isHoldingBytes);
			this.proxy.dropConnections();
			this.proxy.release();
			for (int i = 0; i < window.size(); i++) {
				PendingConfirm pending = window.get(i);
				if (i < 50) {
					// confirmed before the loss: still confirmed
					pending.await();
				}
				else {
					assertThatExceptionOfType(JunctionPublishException.class).as("message " + i)
						.isThrownBy(pending::await)
						.satisfies((ex) -> assertThat(ex.getReason())
							.isEqualTo(JunctionPublishException.Reason.NOT_ACCEPTED))
						.satisfies((ex) -> assertThat(ex.getMessageId()).isEqualTo(pending.messageId()));
				}
			}
			// the publisher goes on, on a new connection
			String after = publisher.publish(this.exchange, "greeting.sent", new Greeting("after"));
			assertThat(connectionsOpened).hasValue(2);
			// the unconfirmed messages reached the queue all the same: a message that
			// does not count as sent may have been delivered (consumers are idempotent)
			Set<String> received = new HashSet<>();
			RabbitTemplate template = context.getBean(RabbitTemplate.class);
			for (Message message = template.receive(this.queue, 10_000); message != null; message = template
				.receive(this.queue)) {
				received.add(message.getMessageProperties().getMessageId());
			}
			Set<String> expected = new HashSet<>();
			window.forEach((pending) -> expected.add(pending.messageId()));
			expected.add(after);
			assertThat(received).isEqualTo(expected);
		});
	}

	private List<PendingConfirm> send(JunctionPublisher publisher, int messages) {
		List<PendingConfirm> sent = new ArrayList<>();
		for (int i = 0; i < messages; i++) {
			sent.add(publisher.send(this.exchange, "greeting.sent",
					publisher.toMessage(new Greeting("hello " + i), Map.of())));
		}
		return sent;
	}

	record Greeting(String text) {

	}

}
