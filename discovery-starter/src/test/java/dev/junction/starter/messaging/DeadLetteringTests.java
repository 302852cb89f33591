/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.junction.starter.CorrelationIds;
import dev.junction.starter.JunctionMdc;
import dev.junction.testsupport.RabbitNamespaceExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.retry.RepublishMessageRecoverer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener that keeps failing, against a real RabbitMQ broker: retried with backoff,
 * then dead-lettered with its exception, never dropped.
 */
class DeadLetteringTests {

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private final String exchange = rabbit.exchange("greetings");

	private final String queue = rabbit.queue("greetings.consumer");

	private final String deadLetterQueue = rabbit.queue("greetings.consumer" + JunctionQueues.DEAD_LETTER_QUEUE_SUFFIX);

	private final ApplicationContextRunner runner = MessagingTestSupport.runner()
		.withConfiguration(MessagingTestSupport.RABBIT)
		.withUserConfiguration(GreetingListener.class)
		.withPropertyValues(MessagingTestSupport.pairs(rabbit.springProperties()))
		.withPropertyValues("junction.messaging.dead-letter-exchange=" + rabbit.exchange("dlx"),
				"test.exchange=" + this.exchange, "test.queue=" + this.queue,
				"spring.rabbitmq.listener.direct.retry.initial-interval=50ms",
				"spring.rabbitmq.listener.direct.retry.max-retries=2");

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void aPoisonMessageEndsInTheDeadLetterQueueWithItsExceptionAfterTheRetries() {
		this.runner.run((context) -> {
			GreetingListener listener = context.getBean(GreetingListener.class);
			String messageId = context.getBean(JunctionPublisher.class)
				.publish(this.exchange, "greeting.sent", new Greeting("poison"));
			Message dead = awaitDeadLetter(context);
			MessageProperties properties = dead.getMessageProperties();
			assertThat(properties.getMessageId()).isEqualTo(messageId);
			assertThat(properties.<String>getHeader(RepublishMessageRecoverer.X_EXCEPTION_MESSAGE))
				.contains("cannot greet poison");
			// a long string on the wire
			assertThat(String.valueOf(properties.<Object>getHeader(RepublishMessageRecoverer.X_EXCEPTION_STACKTRACE)))
				.contains("IllegalStateException");
			assertThat(properties.<String>getHeader(RepublishMessageRecoverer.X_ORIGINAL_EXCHANGE))
				.isEqualTo(this.exchange);
			assertThat(listener.attempts).hasValue(3);
			assertThat(context.getBean(AmqpAdmin.class).getQueueInfo(this.queue).getMessageCount()).isZero();
		});
	}

	@Test
	void aMessageThatSucceedsOnARetryIsHandledOnceAndNotDeadLettered() {
		this.runner.run((context) -> {
			GreetingListener listener = context.getBean(GreetingListener.class);
			context.getBean(JunctionPublisher.class).publish(this.exchange, "greeting.sent", new Greeting("flaky"));
			await().atMost(PATIENCE).until(() -> listener.handled.contains("flaky"));
			assertThat(listener.attempts).hasValue(2);
			assertThat(context.getBean(RabbitTemplate.class).receive(this.deadLetterQueue)).isNull();
		});
	}

	@Test
	void theListenerRunsWithTheMessagesVersionAndCorrelationId() {
		this.runner.run((context) -> {
			GreetingListener listener = context.getBean(GreetingListener.class);
			MDC.put(JunctionMdc.VERSION, "v2");
			MDC.put(JunctionMdc.CORRELATION_ID, "checkout-7");
			context.getBean(JunctionPublisher.class).publish(this.exchange, "greeting.sent", new Greeting("poison"));
			awaitDeadLetter(context);
			assertThat(listener.contexts).hasSize(3).containsOnly("v2 checkout-7");
		});
	}

	@Test
	void aReceivedMessagesInsaneCorrelationIdAndVersionDoNotReachTheListenersContext() {
		this.runner.run((context) -> {
			GreetingListener listener = context.getBean(GreetingListener.class);
			RabbitTemplate template = context.getBean(RabbitTemplate.class);
			// sent by someone else than Junction: nothing stamped or checked on the way
			template.convertAndSend(this.exchange, "greeting.sent", new Greeting("hello"), (message) -> {
				message.getMessageProperties().setCorrelationId("a correlation id; with spaces " + "x".repeat(200));
				message.getMessageProperties().setHeader(MessagingHeaders.VERSION, "v\u00002");
				return message;
			});
			await().atMost(PATIENCE).until(() -> listener.handled.contains("hello"));
			String[] seen = listener.contexts.get(0).split(" ");
			assertThat(seen[0]).as("version").isEqualTo("null");
			assertThat(CorrelationIds.isAcceptable(seen[1])).as("correlation id %s", seen[1]).isTrue();
		});
	}

	private Message awaitDeadLetter(ApplicationContext context) {
		RabbitTemplate template = context.getBean(RabbitTemplate.class);
		return await().atMost(PATIENCE).until(() -> template.receive(this.deadLetterQueue), (m) -> m != null);
	}

	record Greeting(String text) {

	}

	@Configuration(proxyBeanMethods = false)
	static class GreetingListener {

		final AtomicInteger attempts = new AtomicInteger();

		final List<String> handled = new CopyOnWriteArrayList<>();

		final List<String> contexts = new CopyOnWriteArrayList<>();

		@Bean
		Declarables greetingQueue(JunctionQueues queues, Environment environment) {
			return queues.queue(environment.getRequiredProperty("test.queue"),
					environment.getRequiredProperty("test.exchange"), "greeting.*");
		}

		@RabbitListener(queues = "${test.queue}")
		void greet(Greeting greeting) {
			int attempt = this.attempts.incrementAndGet();
			this.contexts.add(MDC.get(JunctionMdc.VERSION) + " " + MDC.get(JunctionMdc.CORRELATION_ID));
			if (greeting.text().equals("poison") || (greeting.text().equals("flaky") && attempt == 1)) {
				throw new IllegalStateException("cannot greet " + greeting.text());
			}
			this.handled.add(greeting.text());
		}

	}

}
