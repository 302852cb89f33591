/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.config.DirectRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.retry.RepublishMessageRecoverer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.util.ReflectionTestUtils;

import dev.junction.testsupport.RabbitNamespaceExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The direct listener container, Junction's default, acknowledging handled messages in
 * batches ({@link ListenerAcknowledgements}) against a real RabbitMQ broker: a failed
 * message is dead-lettered alone, what was handled is acknowledged by count, by delay and
 * when the application shuts down, and is never delivered again; only a consumer whose
 * connection dies before its batch was acknowledged gets that batch again.
 */
class BatchedAcknowledgementsTests {

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private final String exchange = rabbit.exchange("greetings");

	private final String queue = rabbit.queue("greetings.batched");

	private final String deadLetterQueue = rabbit.queue("greetings.batched" + JunctionQueues.DEAD_LETTER_QUEUE_SUFFIX);

	private final ApplicationContextRunner runner = MessagingTestSupport.runner()
		.withConfiguration(MessagingTestSupport.RABBIT)
		.withUserConfiguration(GreetingListener.class)
		.withPropertyValues(MessagingTestSupport.pairs(rabbit.springProperties()))
		.withPropertyValues("junction.messaging.dead-letter-exchange=" + rabbit.exchange("dlx"),
				"test.exchange=" + this.exchange, "test.queue=" + this.queue,
				"spring.rabbitmq.listener.direct.retry.initial-interval=20ms",
				"spring.rabbitmq.listener.direct.retry.max-retries=1");

	@Test
	void theDirectContainerAcknowledgesInBatchesOfTenByDefault() {
		this.runner.run((context) -> {
			DirectRabbitListenerContainerFactory factory = context.getBean(DirectRabbitListenerContainerFactory.class);
			assertThat(ReflectionTestUtils.getField(factory, "acknowledgeMode")).isEqualTo(AcknowledgeMode.MANUAL);
			assertThat(context.getBean(ListenerAcknowledgements.class).messagesPerAck()).isEqualTo(10);
		});
	}

	@Test
	void anAcknowledgeModeTheApplicationChoseStays() {
		this.runner.withPropertyValues("spring.rabbitmq.listener.direct.acknowledge-mode=auto")
			.run((context) -> assertThat(ReflectionTestUtils
				.getField(context.getBean(DirectRabbitListenerContainerFactory.class), "acknowledgeMode"))
				.isEqualTo(AcknowledgeMode.AUTO));
	}

	@Test
	void anApplicationThatConfiguresTheSimpleContainerKeepsIt() {
		this.runner.withPropertyValues("spring.rabbitmq.listener.simple.concurrency=2")
			.run((context) -> assertThat(context).hasSingleBean(SimpleRabbitListenerContainerFactory.class)
				.doesNotHaveBean(DirectRabbitListenerContainerFactory.class));
	}

	@Test
	void aBatchIsAtMostHalfThePrefetch() {
		this.runner.withPropertyValues("spring.rabbitmq.listener.direct.prefetch=4")
			.run((context) -> assertThat(context.getBean(ListenerAcknowledgements.class).messagesPerAck())
				.isEqualTo(2));
	}

	@Test
	void aPoisonMessageAmongHandledOnesIsDeadLetteredAloneAndNoHandledMessageComesBack() {
		this.runner.withPropertyValues("junction.messaging.listener.ack-delay=200ms").run((context) -> {
			GreetingListener listener = context.getBean(GreetingListener.class);
			List<String> texts = IntStream.range(0, 25).mapToObj((i) -> (i == 7) ? "poison" : "g" + i).toList();
			texts.forEach((text) -> publish(context, text));
			await().atMost(PATIENCE).until(() -> listener.handled.size() == 24);
			RabbitTemplate template = context.getBean(RabbitTemplate.class);
			assertThat(await().atMost(PATIENCE)
				.until(() -> template.receive(this.deadLetterQueue), (m) -> m != null)
				.getMessageProperties()
				.<String>getHeader(RepublishMessageRecoverer.X_EXCEPTION_MESSAGE)).contains("cannot greet poison");
			// the last four wait for the delay, not for six more messages
			await().atMost(PATIENCE).until(() -> context.getBean(ListenerAcknowledgements.class).waiting() == 0);
			assertNothingComesBackAfterTheConnectionDies(context, listener);
			assertThat(listener.handled)
				.containsExactlyElementsOf(texts.stream().filter((text) -> !text.equals("poison")).toList());
			assertThat(template.receive(this.deadLetterQueue)).isNull();
		});
	}

	@Test
	void aGracefulShutdownAcknowledgesWhatIsWaitingForItsBatch() {
		// a batch that neither fills nor times out while the application runs
		ApplicationContextRunner patient = this.runner.withPropertyValues("junction.messaging.listener.ack-delay=10m");
		patient.run((context) -> {
			GreetingListener listener = context.getBean(GreetingListener.class);
			List.of("a", "b", "c").forEach((text) -> publish(context, text));
			await().atMost(PATIENCE).until(() -> listener.handled.size() == 3);
			assertThat(context.getBean(ListenerAcknowledgements.class).waiting()).isEqualTo(3);
		});
		patient.run((context) -> {
			GreetingListener listener = context.getBean(GreetingListener.class);
			publish(context, "after restart");
			await().atMost(PATIENCE).until(() -> listener.handled.contains("after restart"));
			assertThat(listener.handled).containsExactly("after restart");
			assertThat(context.getBean(AmqpAdmin.class).getQueueInfo(this.queue).getMessageCount()).isZero();
		});
	}

	@Test
	void aConsumerWhoseConnectionDiesBeforeItsBatchIsAcknowledgedGetsTheBatchAgain() {
		// what the idempotent consumer is for: the messages come back, none is lost
		this.runner.withPropertyValues("junction.messaging.listener.ack-delay=10m").run((context) -> {
			GreetingListener listener = context.getBean(GreetingListener.class);
			List.of("a", "b", "c").forEach((text) -> publish(context, text));
			await().atMost(PATIENCE).until(() -> listener.handled.size() == 3);
			context.getBean(CachingConnectionFactory.class).resetConnection();
			await().atMost(PATIENCE).until(() -> listener.handled.size() >= 6);
			assertThat(listener.handled.subList(0, 3)).containsExactly("a", "b", "c");
			assertThat(listener.handled.subList(3, listener.handled.size())).containsExactlyInAnyOrder("a", "b", "c");
		});
	}

	@Test
	void manyMessagesFromSeveralPublishersAreEachHandledOnceAndAllAcknowledged() {
		this.runner.withPropertyValues("junction.messaging.listener.ack-delay=100ms").run((context) -> {
			GreetingListener listener = context.getBean(GreetingListener.class);
			List<String> texts = IntStream.range(0, 2000).mapToObj((i) -> "m" + i).toList();
			texts.parallelStream().forEach((text) -> publish(context, text));
			await().atMost(PATIENCE).until(() -> listener.handled.size() >= 2000);
			await().atMost(PATIENCE).until(() -> context.getBean(ListenerAcknowledgements.class).waiting() == 0);
			assertNothingComesBackAfterTheConnectionDies(context, listener);
			assertThat(listener.handled).hasSize(2000).containsExactlyInAnyOrderElementsOf(texts);
		});
	}

	@Test
	void oneMessagePerAcknowledgementWhenSetToOne() {
		this.runner.withPropertyValues("junction.messaging.listener.messages-per-ack=1").run((context) -> {
			assertThat(ReflectionTestUtils.getField(context.getBean(DirectRabbitListenerContainerFactory.class),
					"acknowledgeMode"))
				.isNull();
			GreetingListener listener = context.getBean(GreetingListener.class);
			List.of("a", "b", "c").forEach((text) -> publish(context, text));
			await().atMost(PATIENCE).until(() -> listener.handled.size() == 3);
			assertNothingComesBackAfterTheConnectionDies(context, listener);
			assertThat(listener.handled).containsExactly("a", "b", "c");
		});
	}

	@Test
	void aBadSettingStopsTheStartWithItsName() {
		this.runner.withPropertyValues("junction.messaging.listener.messages-per-ack=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("junction.messaging.listener.messages-per-ack must be at least 1"));
	}

	/**
	 * Drops the connection, then waits until a message sent afterwards is handled: by
	 * then anything the broker still counted as unacknowledged was delivered again, ahead
	 * of it.
	 */
	private void assertNothingComesBackAfterTheConnectionDies(AssertableApplicationContext context,
			GreetingListener listener) {
		int before = listener.handled.size();
		context.getBean(CachingConnectionFactory.class).resetConnection();
		publish(context, "sentinel");
		await().atMost(PATIENCE).until(() -> listener.handled.contains("sentinel"));
		assertThat(listener.handled.subList(before, listener.handled.size())).containsExactly("sentinel");
		listener.handled.remove("sentinel");
	}

	private void publish(AssertableApplicationContext context, String text) {
		context.getBean(JunctionPublisher.class).publish(this.exchange, "greeting.sent", new Greeting(text));
	}

	record Greeting(String text) {

	}

	@Configuration(proxyBeanMethods = false)
	static class GreetingListener {

		final List<String> handled = new CopyOnWriteArrayList<>();

		@Bean
		Declarables greetingQueue(JunctionQueues queues, Environment environment) {
			return queues.queue(environment.getRequiredProperty("test.queue"),
					environment.getRequiredProperty("test.exchange"), "greeting.*");
		}

		@RabbitListener(queues = "${test.queue}")
		void greet(Greeting greeting) {
			if (greeting.text().equals("poison")) {
				throw new IllegalStateException("cannot greet " + greeting.text());
			}
			this.handled.add(greeting.text());
		}

	}

}
