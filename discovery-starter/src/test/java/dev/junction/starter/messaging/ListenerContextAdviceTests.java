/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import com.rabbitmq.client.Channel;
import dev.junction.starter.JunctionMdc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageListener;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ListenerContextAdvice}: the listener runs with the received message's
 * context wherever the message is among the intercepted method's arguments.
 */
class ListenerContextAdviceTests {

	private final Map<String, String> seen = new HashMap<>();

	@AfterEach
	void clearMdc() {
		MDC.clear();
	}

	@Test
	void aListenerTakingTheMessageAloneRunsWithItsContext() {
		MessageListener listener = advised((MessageListener) (message) -> record(), MessageListener.class);
		listener.onMessage(amqpMessage());
		assertThat(this.seen).containsEntry(JunctionMdc.CORRELATION_ID, "corr-1")
			.containsEntry(JunctionMdc.VERSION, "v2")
			.containsEntry(MessagingHeaders.MDC_MESSAGE_ID, "msg-1");
	}

	@Test
	void aListenerTakingTheMessageBeforeItsChannelRunsWithItsContext() throws Exception {
		ChannelAwareMessageListener listener = advised((ChannelAwareMessageListener) (message, channel) -> record(),
				ChannelAwareMessageListener.class);
		listener.onMessage(amqpMessage(), (Channel) null);
		assertThat(this.seen).containsEntry(JunctionMdc.CORRELATION_ID, "corr-1")
			.containsEntry(JunctionMdc.VERSION, "v2");
	}

	@Test
	@SuppressWarnings("unchecked")
	void aListenerTakingASpringMessagingMessageRunsWithItsContext() {
		Consumer<org.springframework.messaging.Message<?>> listener = advised(
				(Consumer<org.springframework.messaging.Message<?>>) (message) -> record(), Consumer.class);
		listener.accept(MessageBuilder.withPayload("{}")
			.setHeader(AmqpHeaders.MESSAGE_ID, "msg-1")
			.setHeader(AmqpHeaders.CORRELATION_ID, "corr-1")
			.setHeader(MessagingHeaders.VERSION, "v2")
			.build());
		assertThat(this.seen).containsEntry(JunctionMdc.CORRELATION_ID, "corr-1")
			.containsEntry(JunctionMdc.VERSION, "v2")
			.containsEntry(MessagingHeaders.MDC_MESSAGE_ID, "msg-1");
	}

	@Test
	void theContainersChannelThenMessageShapeStillWorksAndTheMdcIsRestoredAfterwards() throws Exception {
		MDC.put(JunctionMdc.CORRELATION_ID, "the-thread's-own");
		ChannelThenMessage listener = advised((ChannelThenMessage) (channel, data) -> record(),
				ChannelThenMessage.class);
		listener.invokeListener(null, amqpMessage());
		assertThat(this.seen).containsEntry(JunctionMdc.CORRELATION_ID, "corr-1");
		assertThat(MDC.get(JunctionMdc.CORRELATION_ID)).isEqualTo("the-thread's-own");
		assertThat(MDC.get(JunctionMdc.VERSION)).isNull();
	}

	private void record() {
		this.seen.put(JunctionMdc.CORRELATION_ID, MDC.get(JunctionMdc.CORRELATION_ID));
		this.seen.put(JunctionMdc.VERSION, MDC.get(JunctionMdc.VERSION));
		this.seen.put(MessagingHeaders.MDC_MESSAGE_ID, MDC.get(MessagingHeaders.MDC_MESSAGE_ID));
	}

	private static Message amqpMessage() {
		MessageProperties properties = new MessageProperties();
		properties.setMessageId("msg-1");
		properties.setCorrelationId("corr-1");
		properties.setHeader(MessagingHeaders.VERSION, "v2");
		return new Message("{}".getBytes(), properties);
	}

	@SuppressWarnings("unchecked")
	private static <T> T advised(T target, Class<?> type) {
		ProxyFactory factory = new ProxyFactory(target);
		factory.addInterface(type);
		factory.addAdvice(new ListenerContextAdvice());
		return (T) factory.getProxy();
	}

	/** The shape a listener container's advice chain intercepts. */
	@FunctionalInterface
	interface ChannelThenMessage {

		void invokeListener(Channel channel, Object data) throws Exception;

	}

}
