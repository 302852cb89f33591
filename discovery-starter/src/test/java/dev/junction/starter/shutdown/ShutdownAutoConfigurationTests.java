/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shutdown;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ShutdownAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ShutdownAutoConfiguration.class));

	@Test
	void drainsRightBeforeTheWebServersGracefulShutdown() {
		this.runner.withPropertyValues("junction.shutdown.drain-delay=5s").run((context) -> {
			DrainingShutdownLifecycle lifecycle = context.getBean(DrainingShutdownLifecycle.class);
			assertThat(lifecycle.getPhase()).isEqualTo(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1);
			assertThat(lifecycle).hasFieldOrPropertyWithValue("drainDelay", Duration.ofSeconds(5));
			assertThat(lifecycle.isRunning()).isTrue();
		});
	}

	@Test
	void aUserDefinedLifecycleReplacesJunctions() {
		this.runner.withUserConfiguration(UserLifecycle.class)
			.run((context) -> assertThat(context).getBeans(DrainingShutdownLifecycle.class)
				.containsOnlyKeys("userLifecycle"));
	}

	@Test
	void offByProperty() {
		this.runner.withPropertyValues("junction.shutdown.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DrainingShutdownLifecycle.class));
	}

	@Test
	void absentInAppsWithoutAWebServer() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ShutdownAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(DrainingShutdownLifecycle.class));
		this.runner.withClassLoader(new FilteredClassLoader(WebServerApplicationContext.class))
			.run((context) -> assertThat(context).doesNotHaveBean(DrainingShutdownLifecycle.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserLifecycle {

		@Bean
		DrainingShutdownLifecycle userLifecycle(ApplicationEventPublisher publisher) {
			return new DrainingShutdownLifecycle(publisher, List.of(), Duration.ZERO);
		}

	}

}
