/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MessagingDefaultsEnvironmentPostProcessor}.
 */
class MessagingDefaultsEnvironmentPostProcessorTests {

	private final MockEnvironment environment = new MockEnvironment();

	@Test
	void turnsOnConfirmsReturnsAndListenerRetriesThatDoNotRequeue() {
		postProcess();
		assertThat(this.environment.getProperty("spring.rabbitmq.publisher-confirm-type")).isEqualTo("correlated");
		assertThat(this.environment.getProperty("spring.rabbitmq.publisher-returns")).isEqualTo("true");
		assertThat(this.environment.getProperty("spring.rabbitmq.listener.simple.retry.enabled")).isEqualTo("true");
		assertThat(this.environment.getProperty("spring.rabbitmq.listener.simple.default-requeue-rejected"))
			.isEqualTo("false");
		assertThat(this.environment.getProperty("spring.rabbitmq.listener.direct.retry.multiplier")).isEqualTo("2");
	}

	@Test
	void leavesWhatTheApplicationSetAlone() {
		this.environment.setProperty("spring.rabbitmq.listener.simple.retry.max-retries", "7");
		postProcess();
		assertThat(this.environment.getProperty("spring.rabbitmq.listener.simple.retry.max-retries")).isEqualTo("7");
		assertThat(this.environment.getPropertySources()
			.get(MessagingDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)
			.containsProperty("spring.rabbitmq.listener.simple.retry.max-retries")).isFalse();
	}

	@Test
	void choosesTheDirectContainer() {
		postProcess();
		assertThat(this.environment.getProperty("spring.rabbitmq.listener.type")).isEqualTo("direct");
	}

	@Test
	void keepsTheSimpleContainerForAnApplicationThatConfiguresIt() {
		this.environment.setProperty("spring.rabbitmq.listener.simple.concurrency", "4");
		postProcess();
		assertThat(this.environment.getProperty("spring.rabbitmq.listener.type")).isNull();
		assertThat(this.environment.getProperty("spring.rabbitmq.listener.simple.prefetch")).isEqualTo("20");
	}

	@Test
	void keepsTheContainerTheApplicationChose() {
		this.environment.setProperty("spring.rabbitmq.listener.type", "simple");
		postProcess();
		assertThat(this.environment.getProperty("spring.rabbitmq.listener.type")).isEqualTo("simple");
	}

	@Test
	void addsNothingWhenMessagingIsDisabled() {
		this.environment.setProperty("junction.messaging.enabled", "false");
		postProcess();
		assertThat(this.environment.getPropertySources()
			.contains(MessagingDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
		assertThat(this.environment.getProperty("spring.rabbitmq.publisher-confirm-type")).isNull();
	}

	private void postProcess() {
		new MessagingDefaultsEnvironmentPostProcessor().postProcessEnvironment(this.environment,
				new SpringApplication());
	}

}
