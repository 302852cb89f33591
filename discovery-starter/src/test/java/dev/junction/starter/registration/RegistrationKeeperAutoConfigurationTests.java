/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.registration;

import dev.junction.starter.consul.ConsulBlockingQueries;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class RegistrationKeeperAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RegistrationKeeperAutoConfiguration.class))
		.withBean(ConsulBlockingQueries.class, () -> new ConsulBlockingQueries("http://127.0.0.1:1", null));

	@Test
	void keepsTheRegistrationWithTheConfiguredCheckInterval() {
		this.runner.withPropertyValues("junction.registration.check-interval=2s")
			.run((context) -> assertThat(context).hasSingleBean(RegistrationKeeper.class)
				.getBean(RegistrationProperties.class)
				.extracting(RegistrationProperties::getCheckInterval)
				.hasToString("PT2S"));
	}

	@Test
	void withoutSpringCloudConsulsRegistrationTheKeeperDoesNotRun() {
		this.runner.run((context) -> assertThat(context.getBean(RegistrationKeeper.class).isRunning()).isFalse());
	}

	@Test
	void offByProperty() {
		this.runner.withPropertyValues("junction.registration.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(RegistrationKeeper.class));
	}

	@Test
	void absentWithoutJunctionsConsulQueries() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RegistrationKeeperAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RegistrationKeeper.class));
	}

}
