/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.shedding;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class LoadSheddingAutoConfigurationTests {

	private static final AutoConfigurations configuration = AutoConfigurations.of(LoadSheddingAutoConfiguration.class);

	@Test
	void aServletAppIsLimitedAdaptivelyByDefault() {
		new WebApplicationContextRunner().withConfiguration(configuration)
			.run((context) -> assertThat(context).hasSingleBean(LoadSheddingFilter.class)
				.doesNotHaveBean(LoadSheddingWebFilter.class)
				.getBean(ConcurrencyLimiter.class)
				.extracting(ConcurrencyLimiter::limit)
				.isEqualTo(50));
	}

	@Test
	void aReactiveAppGetsTheWebFilter() {
		new ReactiveWebApplicationContextRunner().withConfiguration(configuration)
			.run((context) -> assertThat(context).hasSingleBean(LoadSheddingWebFilter.class)
				.doesNotHaveBean(LoadSheddingFilter.class));
	}

	@Test
	void anAppWithoutAWebServerIsNotLimited() {
		new ApplicationContextRunner().withConfiguration(configuration)
			.run((context) -> assertThat(context).doesNotHaveBean(ConcurrencyLimiter.class));
	}

	@Test
	void canBeSwitchedOff() {
		new WebApplicationContextRunner().withConfiguration(configuration)
			.withPropertyValues("junction.load-shedding.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ConcurrencyLimiter.class)
				.doesNotHaveBean(LoadSheddingFilter.class));
	}

	@Test
	void aFixedLimitIsTheConfiguredOne() {
		new WebApplicationContextRunner().withConfiguration(configuration)
			.withPropertyValues("junction.load-shedding.limit=fixed", "junction.load-shedding.fixed-limit=8")
			.run((context) -> assertThat(context.getBean(ConcurrencyLimiter.class).limit()).isEqualTo(8));
	}

	@Test
	void impossibleBoundsStopTheStartNamingTheKeys() {
		new WebApplicationContextRunner().withConfiguration(configuration)
			.withPropertyValues("junction.load-shedding.min-limit=100", "junction.load-shedding.initial-limit=20")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("junction.load-shedding: the adaptive limit needs 1 <= min-limit"));
	}

	@Test
	void actuatorIsUnlimitedOnlyWhereItSharesTheAppsPort() {
		new WebApplicationContextRunner().withConfiguration(configuration)
			.withPropertyValues("management.endpoints.web.base-path=/manage")
			.run((context) -> {
				UnlimitedPaths paths = UnlimitedPaths.of(context.getEnvironment());
				assertThat(paths.matches("/manage/health")).isTrue();
				assertThat(paths.matches("/readyz")).isTrue();
				assertThat(paths.matches("/readyzz")).isFalse();
				assertThat(paths.matches("/orders")).isFalse();
			});
		new WebApplicationContextRunner().withConfiguration(configuration)
			.withPropertyValues("management.server.port=9081", "server.port=8081")
			.run((context) -> assertThat(UnlimitedPaths.of(context.getEnvironment()).matches("/actuator/health"))
				.isFalse());
	}

}
