/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import com.rabbitmq.client.Channel;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.retry.MessageRecoverer;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.amqp.autoconfigure.RabbitTemplateConfigurer;
import org.springframework.boot.amqp.autoconfigure.RabbitTemplateCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Junction's opinions on top of Boot's RabbitMQ auto-configuration, which still creates
 * the connection factory, templates and listener container factories: JSON messages, a
 * publisher that counts a message as sent only when the broker confirmed it, quorum
 * queues with dead-lettering, and listeners that retry, then dead-letter with the
 * exception, and log with the message's context. Boot's properties get Junction's
 * defaults from {@link MessagingDefaultsEnvironmentPostProcessor}.
 */
@AutoConfiguration(after = RabbitAutoConfiguration.class,
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass({ RabbitTemplate.class, Channel.class })
@ConditionalOnBooleanProperty(name = "junction.messaging.enabled", matchIfMissing = true)
@EnableConfigurationProperties(JunctionMessagingProperties.class)
public final class JunctionMessagingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JunctionQueues junctionQueues(JunctionMessagingProperties properties) {
		return new JunctionQueues(properties.getDeadLetterExchange(), properties.getDeliveryLimit());
	}

	/**
	 * JSON on the wire, with the application's {@link JsonMapper} when it has one. Boot
	 * hands the one {@link MessageConverter} bean to its templates and listener
	 * factories. Unknown properties are ignored: a consumer owns its own copy of an event
	 * type and must keep working when the producer adds a field.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	static class JsonMessageConverterConfiguration {

		@Bean
		@ConditionalOnMissingBean(MessageConverter.class)
		JacksonJsonMessageConverter junctionMessageConverter(ObjectProvider<JsonMapper> jsonMapper) {
			JsonMapper mapper = jsonMapper.getIfAvailable(() -> JsonMapper.builder().findAndAddModules().build());
			return new JacksonJsonMessageConverter(
					mapper.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnSingleCandidate(ConnectionFactory.class)
	static class PublisherConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JunctionPublisher junctionPublisher(ConnectionFactory connectionFactory,
				ObjectProvider<RabbitTemplateConfigurer> configurer, ObjectProvider<MessageConverter> messageConverter,
				ObjectProvider<RabbitTemplateCustomizer> customizers, JunctionMessagingProperties properties) {
			RabbitTemplate template = ownTemplate(connectionFactory, configurer, messageConverter, customizers);
			return new JunctionPublisher(template, properties.getConfirmTimeout());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnSingleCandidate(ConnectionFactory.class)
	static class ListenerConfiguration {

		/** Spring AMQP's prefetch when Boot's property is not set. */
		private static final int SPRING_AMQP_PREFETCH = 250;

		@Bean
		@ConditionalOnMissingBean(MessageRecoverer.class)
		DeadLetterRecoverer junctionDeadLetterRecoverer(ConnectionFactory connectionFactory,
				ObjectProvider<RabbitTemplateConfigurer> configurer, ObjectProvider<MessageConverter> messageConverter,
				ObjectProvider<RabbitTemplateCustomizer> customizers, JunctionMessagingProperties properties) {
			RabbitTemplate template = ownTemplate(connectionFactory, configurer, messageConverter, customizers);
			return new DeadLetterRecoverer(template, properties.getDeadLetterExchange(),
					properties.getConfirmTimeout());
		}

		@Bean
		@ConditionalOnMissingBean
		static ListenerContextBeanPostProcessor junctionListenerContextBeanPostProcessor() {
			return new ListenerContextBeanPostProcessor();
		}

		@Bean
		@ConditionalOnMissingBean
		ListenerAcknowledgements junctionListenerAcknowledgements(JunctionMessagingProperties properties,
				Environment environment) {
			int prefetch = environment.getProperty("spring.rabbitmq.listener.direct.prefetch", Integer.class,
					SPRING_AMQP_PREFETCH);
			JunctionMessagingProperties.Listener listener = properties.getListener();
			return new ListenerAcknowledgements(
					ListenerAcknowledgements.cappedByPrefetch(listener.getMessagesPerAck(), prefetch),
					listener.getAckDelay());
		}

		@Bean
		@ConditionalOnMissingBean
		static BatchedAcknowledgementsBeanPostProcessor junctionBatchedAcknowledgementsBeanPostProcessor() {
			return new BatchedAcknowledgementsBeanPostProcessor();
		}

	}

	/**
	 * A template built the way Boot builds its {@code rabbitTemplate} (Boot's
	 * {@link RabbitTemplateConfigurer} for {@code spring.rabbitmq.template.*} and the
	 * message converter, then the application's {@link RabbitTemplateCustomizer} beans in
	 * order, so that what an application adds to its templates, such as observation or a
	 * before-publish post-processor, applies to what Junction sends too) but not shared
	 * with the application: the publisher and the recoverer then set it to mandatory and
	 * own its returns callback (a customizer must not set one).
	 */
	private static RabbitTemplate ownTemplate(ConnectionFactory connectionFactory,
			ObjectProvider<RabbitTemplateConfigurer> configurer, ObjectProvider<MessageConverter> messageConverter,
			ObjectProvider<RabbitTemplateCustomizer> customizers) {
		RabbitTemplate template = new RabbitTemplate();
		RabbitTemplateConfigurer templateConfigurer = configurer.getIfAvailable();
		if (templateConfigurer != null) {
			templateConfigurer.configure(template, connectionFactory);
		}
		else {
			template.setConnectionFactory(connectionFactory);
			messageConverter.ifUnique(template::setMessageConverter);
		}
		customizers.orderedStream().forEach((customizer) -> customizer.customize(template));
		return template;
	}

}
