/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.junction.starter.JunctionMdc;
import dev.junction.testsupport.RabbitNamespaceExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.amqp.autoconfigure.RabbitTemplateCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link JunctionPublisher} against a real RabbitMQ broker.
 */
class JunctionPublisherTests {

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	private final String exchange = rabbit.exchange("greetings");

	private final String queue = rabbit.queue("greetings.consumer");

	// named through the extension so that it is deleted after the class
	private final String deadLetterQueue = rabbit.queue("greetings.consumer" + JunctionQueues.DEAD_LETTER_QUEUE_SUFFIX);

	private final ApplicationContextRunner runner = MessagingTestSupport.runner()
		.withConfiguration(MessagingTestSupport.RABBIT)
		.withPropertyValues(MessagingTestSupport.pairs(rabbit.springProperties()))
		.withBean(Declarables.class,
				() -> new JunctionQueues(rabbit.exchange("dlx"), 10).queue(this.queue, this.exchange, "greeting.*"));

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void aMessageNoQueueIsBoundForIsNotCountedAsSent() {
		this.runner.run((context) -> {
			JunctionPublisher publisher = context.getBean(JunctionPublisher.class);
			assertThatExceptionOfType(JunctionPublishException.class)
				.isThrownBy(() -> publisher.publish(this.exchange, "farewell.sent", new Greeting("bye")))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(JunctionPublishException.Reason.UNROUTABLE))
				.withMessageContaining("no queue is bound to exchange '" + this.exchange + "'");
		});
	}

	@Test
	void aMessageToAnExchangeThatDoesNotExistIsNotCountedAsSent() {
		this.runner.run((context) -> {
			JunctionPublisher publisher = context.getBean(JunctionPublisher.class);
			String missing = rabbit.exchange("missing");
			assertThatExceptionOfType(JunctionPublishException.class)
				.isThrownBy(() -> publisher.publish(missing, "greeting.sent", new Greeting("hello?")))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(JunctionPublishException.Reason.NOT_ACCEPTED))
				// the nack's reason is the broker's 404
				// or Spring AMQP's "Channel closed by
				// application", depending on which closes the channel first
				.withMessageContaining("was not accepted by the broker");
			// the publisher recovers: the next message goes through
			publisher.publish(this.exchange, "greeting.sent", new Greeting("hello"));
			assertThat(receive(context)).isNotNull();
		});
	}

	@Test
	void aConfirmedMessageCarriesItsIdCorrelationIdVersionAndJson() {
		this.runner.run((context) -> {
			MDC.put(JunctionMdc.VERSION, "v2");
			MDC.put(JunctionMdc.CORRELATION_ID, "checkout-42");
			String messageId = context.getBean(JunctionPublisher.class)
				.publish(this.exchange, "greeting.sent", new Greeting("hello"));
			Message received = receive(context);
			assertThat(received.getMessageProperties().getMessageId()).isEqualTo(messageId);
			assertThat(received.getMessageProperties().getCorrelationId()).isEqualTo("checkout-42");
			assertThat(received.getMessageProperties().<String>getHeader(MessagingHeaders.VERSION)).isEqualTo("v2");
			assertThat(received.getMessageProperties().getContentType()).isEqualTo("application/json");
			assertThat(new String(received.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"text\":\"hello\"}");
		});
	}

	@Test
	void theApplicationsTemplateCustomizersApplyToWhatThePublisherSends() {
		this.runner.withBean(RabbitTemplateCustomizer.class,
				() -> (template) -> template.addBeforePublishPostProcessors((message) -> {
					message.getMessageProperties().setHeader("x-tenant", "acme");
					return message;
				}))
			.run((context) -> {
				context.getBean(JunctionPublisher.class).publish(this.exchange, "greeting.sent", new Greeting("hello"));
				Message received = receive(context);
				assertThat(received.getMessageProperties().<String>getHeader("x-tenant")).isEqualTo("acme");
			});
	}

	@Test
	void aMessageSentOutsideAnyRequestStartsItsOwnCorrelation() {
		this.runner.run((context) -> {
			String messageId = context.getBean(JunctionPublisher.class)
				.publish(this.exchange, "greeting.sent", new Greeting("hello"));
			Message received = receive(context);
			assertThat(received.getMessageProperties().getCorrelationId()).isEqualTo(messageId);
			assertThat(received.getMessageProperties().getHeaders()).doesNotContainKey(MessagingHeaders.VERSION);
		});
	}

	@Test
	void manyMessagesSentBeforeAwaitingAreEachConfirmed() {
		this.runner.run((context) -> {
			JunctionPublisher publisher = context.getBean(JunctionPublisher.class);
			List<PendingConfirm> pending = IntStream.range(0, 200)
				.mapToObj((i) -> publisher.send(this.exchange, "greeting.sent",
						publisher.toMessage(new Greeting("hello " + i), Map.of())))
				.toList();
			pending.forEach(PendingConfirm::await);
			for (int i = 0; i < 200; i++) {
				receive(context);
			}
			assertThat(context.getBean(RabbitTemplate.class).receive(this.queue)).isNull();
		});
	}

	@Test
	void closingThePublisherKeepsTheConfirmsOnTheirWayAndTheNextSendOpensAnotherChannel() {
		this.runner.run((context) -> {
			JunctionPublisher publisher = context.getBean(JunctionPublisher.class);
			List<PendingConfirm> pending = IntStream.range(0, 50)
				.mapToObj((i) -> publisher.send(this.exchange, "greeting.sent",
						publisher.toMessage(new Greeting("hello " + i), Map.of())))
				.toList();
			publisher.close();
			pending.forEach(PendingConfirm::await);
			publisher.publish(this.exchange, "greeting.sent", new Greeting("after"));
			for (int i = 0; i < 51; i++) {
				receive(context);
			}
			assertThat(context.getBean(RabbitTemplate.class).receive(this.queue)).isNull();
		});
	}

	@Test
	void threadsSendingAtOnceEachGetTheirOwnConfirms() {
		this.runner.run((context) -> {
			JunctionPublisher publisher = context.getBean(JunctionPublisher.class);
			Set<String> confirmed = ConcurrentHashMap.newKeySet();
			ExecutorService threads = Executors.newFixedThreadPool(4);
			try {
				List<Future<?>> senders = new ArrayList<>();
				for (int thread = 0; thread < 4; thread++) {
					senders.add(threads.submit(() -> {
						List<PendingConfirm> pending = IntStream.range(0, 100)
							.mapToObj((i) -> publisher.send(this.exchange, "greeting.sent",
									publisher.toMessage(new Greeting("hello " + i), Map.of())))
							.toList();
						for (PendingConfirm each : pending) {
							each.await();
							confirmed.add(each.messageId());
						}
					}));
				}
				for (Future<?> sender : senders) {
					sender.get(30, TimeUnit.SECONDS);
				}
			}
			finally {
				threads.shutdownNow();
			}
			assertThat(confirmed).hasSize(400);
			Set<String> received = new HashSet<>();
			for (int i = 0; i < 400; i++) {
				received.add(receive(context).getMessageProperties().getMessageId());
			}
			assertThat(received).isEqualTo(confirmed);
			assertThat(context.getBean(RabbitTemplate.class).receive(this.queue)).isNull();
		});
	}

	@Test
	void inAWindowOfSendsOnlyTheUnroutableMessageFails() {
		this.runner.run((context) -> {
			JunctionPublisher publisher = context.getBean(JunctionPublisher.class);
			List<PendingConfirm> pending = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				// one message in the middle of the window has no queue
				String routingKey = (i == 25) ? "farewell.sent" : "greeting.sent";
				pending.add(publisher.send(this.exchange, routingKey,
						publisher.toMessage(new Greeting("hello " + i), Map.of())));
			}
			Map<String, JunctionPublishException.Reason> outcomes = outcomes(pending);
			assertThat(outcomes).hasSize(50);
			assertThat(outcomes.get(pending.get(25).messageId())).isEqualTo(JunctionPublishException.Reason.UNROUTABLE);
			pending.remove(25);
			assertThat(pending).allSatisfy((each) -> assertThat(outcomes.get(each.messageId())).isNull());
			List<String> received = new ArrayList<>();
			for (int i = 0; i < 49; i++) {
				received.add(receive(context).getMessageProperties().getMessageId());
			}
			assertThat(received).containsExactlyElementsOf(pending.stream().map(PendingConfirm::messageId).toList());
			assertThat(context.getBean(RabbitTemplate.class).receive(this.queue)).isNull();
		});
	}

	@Test
	void inAWindowOfSendsOnlyTheMessagesTheBrokerRefusesFail() {
		// a queue that holds 5 messages and refuses more (negative confirms), as a
		// Junction queue does at its x-max-length
		String limited = rabbit.queue("greetings.limited");
		Queue queue = QueueBuilder.durable(limited).maxLength(5).overflow(QueueBuilder.Overflow.rejectPublish).build();
		TopicExchange exchange = new TopicExchange(this.exchange);
		this.runner
			.withBean("limitedQueue", Declarables.class,
					() -> new Declarables(exchange, queue, BindingBuilder.bind(queue).to(exchange).with("limited.*")))
			.run((context) -> {
				JunctionPublisher publisher = context.getBean(JunctionPublisher.class);
				List<PendingConfirm> pending = IntStream.range(0, 12)
					.mapToObj((i) -> publisher.send(this.exchange, "limited.sent",
							publisher.toMessage(new Greeting("hello " + i), Map.of())))
					.toList();
				Map<String, JunctionPublishException.Reason> outcomes = outcomes(pending);
				for (int i = 0; i < 12; i++) {
					assertThat(outcomes.get(pending.get(i).messageId())).as("message " + i)
						.isEqualTo((i < 5) ? null : JunctionPublishException.Reason.NOT_ACCEPTED);
				}
				RabbitTemplate template = context.getBean(RabbitTemplate.class);
				for (int i = 0; i < 5; i++) {
					Message received = template.receive(limited, 10_000);
					assertThat(received).isNotNull();
					assertThat(received.getMessageProperties().getMessageId()).isEqualTo(pending.get(i).messageId());
				}
				assertThat(template.receive(limited)).isNull();
				// the queue has room again: the publisher goes on
				publisher.publish(this.exchange, "limited.sent", new Greeting("again"));
				assertThat(template.receive(limited, 10_000)).isNotNull();
			});
	}

	/**
	 * Awaits each pending confirm, in order.
	 * @return the outcome by message id: {@code null} for a confirmed message, else why
	 * it does not count as sent
	 */
	private static Map<String, JunctionPublishException.Reason> outcomes(List<PendingConfirm> pending) {
		Map<String, JunctionPublishException.Reason> outcomes = new LinkedHashMap<>();
		for (PendingConfirm each : pending) {
			try {
				each.await();
				outcomes.put(each.messageId(), null);
			}
			catch (JunctionPublishException ex) {
				assertThat(ex.getMessageId()).isEqualTo(each.messageId());
				outcomes.put(each.messageId(), ex.getReason());
			}
		}
		return outcomes;
	}

	private Message receive(ApplicationContext context) {
		Message message = context.getBean(RabbitTemplate.class).receive(this.queue, 10_000);
		assertThat(message).as("message on " + this.queue).isNotNull();
		return message;
	}

	record Greeting(String text) {

	}

}
