/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.aopalliance.aop.Advice;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.config.DirectRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.config.StatelessRetryOperationsInterceptor;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.retry.MessageRecoverer;
import org.springframework.amqp.rabbit.retry.RejectAndDontRequeueRecoverer;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.amqp.support.converter.SimpleMessageConverter;
import org.springframework.boot.amqp.autoconfigure.RabbitTemplateCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JunctionMessagingAutoConfiguration}. No broker is needed: nothing here
 * opens a connection.
 */
class JunctionMessagingAutoConfigurationTests {

	private final ApplicationContextRunner runner = MessagingTestSupport.runner()
		.withConfiguration(MessagingTestSupport.RABBIT);

	@Test
	void appliesJunctionsOpinionsToBootsRabbitMqAutoConfiguration() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(JunctionPublisher.class)
				.hasSingleBean(JunctionQueues.class)
				.hasSingleBean(JacksonJsonMessageConverter.class)
				.hasSingleBean(DeadLetterRecoverer.class);
			assertThat(context.getBean(RabbitTemplate.class).getMessageConverter())
				.isInstanceOf(JacksonJsonMessageConverter.class);
			CachingConnectionFactory connectionFactory = context.getBean(CachingConnectionFactory.class);
			assertThat(connectionFactory.isPublisherConfirms()).isTrue();
			assertThat(connectionFactory.isPublisherReturns()).isTrue();
			assertThat(context.getBean(JunctionQueues.class).getDeadLetterExchange()).isEqualTo("junction.dlx");
		});
	}

	@Test
	void listenersRetryThenDeadLetterAndRunWithTheMessagesContext() {
		this.runner.run((context) -> {
			Advice[] chain = context.getBean(DirectRabbitListenerContainerFactory.class).getAdviceChain();
			// the batched acknowledgements' advice, the context, Boot's retries
			assertThat(chain).hasSize(3);
			assertThat(chain).filteredOn(ListenerContextAdvice.class::isInstance).hasSize(1);
			assertThat(chain[2]).isInstanceOf(StatelessRetryOperationsInterceptor.class);
		});
	}

	@Test
	void theApplicationsTemplateCustomizersApplyInOrderToJunctionsOwnTemplatesAsToBoots() {
		this.runner.withUserConfiguration(RecordingCustomizers.class).run((context) -> {
			Map<RabbitTemplate, List<String>> customized = context.getBean(RecordingCustomizers.class).customized;
			Object publisherTemplate = ReflectionTestUtils.getField(context.getBean(JunctionPublisher.class),
					"template");
			Object recovererTemplate = ReflectionTestUtils.getField(context.getBean(DeadLetterRecoverer.class),
					"errorTemplate");
			assertThat(customized).hasSize(3)
				.containsEntry(context.getBean(RabbitTemplate.class), List.of("first", "second"))
				.containsEntry((RabbitTemplate) publisherTemplate, List.of("first", "second"))
				.containsEntry((RabbitTemplate) recovererTemplate, List.of("first", "second"));
			// Boot's configurer still applied first: Junction's JSON converter
			assertThat(((RabbitTemplate) publisherTemplate).getMessageConverter())
				.isInstanceOf(JacksonJsonMessageConverter.class);
		});
	}

	@Test
	void backsOffForTheApplicationsOwnBeans() {
		this.runner.withUserConfiguration(OwnBeans.class).run((context) -> {
			assertThat(context).doesNotHaveBean(JacksonJsonMessageConverter.class)
				.doesNotHaveBean(DeadLetterRecoverer.class)
				.hasSingleBean(JunctionPublisher.class)
				.hasSingleBean(JunctionQueues.class);
			assertThat(context.getBean(JunctionPublisher.class)).isSameAs(context.getBean(OwnBeans.class).publisher);
			assertThat(context.getBean(JunctionQueues.class).getDeadLetterExchange()).isEqualTo("own.dlx");
			assertThat(context.getBean(RabbitTemplate.class).getMessageConverter())
				.isInstanceOf(SimpleMessageConverter.class);
		});
	}

	@Test
	void isOffWhenDisabled() {
		this.runner.withPropertyValues("junction.messaging.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(RabbitTemplate.class)
				.doesNotHaveBean(JunctionPublisher.class)
				.doesNotHaveBean(JunctionQueues.class)
				.doesNotHaveBean(JacksonJsonMessageConverter.class)
				.doesNotHaveBean(MessageRecoverer.class);
			// neither Junction's context advice nor (without Junction's defaults) a retry
			assertThat(context.getBean(SimpleRabbitListenerContainerFactory.class).getAdviceChain()).isNull();
		});
	}

	@Test
	void isAbsentWithoutSpringAmqp() {
		this.runner.withClassLoader(new FilteredClassLoader(RabbitTemplate.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(JunctionPublisher.class)
				.doesNotHaveBean(JunctionQueues.class));
	}

	@Test
	void refusesToStartWhenPublisherConfirmsAreSwitchedOff() {
		this.runner.withPropertyValues("spring.rabbitmq.publisher-confirm-type=none").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("spring.rabbitmq.publisher-confirm-type=correlated");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingCustomizers {

		final Map<RabbitTemplate, List<String>> customized = new IdentityHashMap<>();

		@Bean
		@Order(2)
		RabbitTemplateCustomizer secondCustomizer() {
			return (template) -> record(template, "second");
		}

		@Bean
		@Order(1)
		RabbitTemplateCustomizer firstCustomizer() {
			return (template) -> record(template, "first");
		}

		private void record(RabbitTemplate template, String name) {
			this.customized.computeIfAbsent(template, (key) -> new ArrayList<>()).add(name);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		JunctionPublisher publisher;

		@Bean
		MessageConverter ownMessageConverter() {
			return new SimpleMessageConverter();
		}

		@Bean
		MessageRecoverer ownMessageRecoverer() {
			return new RejectAndDontRequeueRecoverer();
		}

		@Bean
		JunctionQueues ownQueues() {
			return new JunctionQueues("own.dlx", 3);
		}

		@Bean
		JunctionPublisher ownPublisher(ConnectionFactory connectionFactory) {
			this.publisher = new JunctionPublisher(new RabbitTemplate(connectionFactory), Duration.ofSeconds(1));
			return this.publisher;
		}

	}

}
