/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

class CallContextAutoConfigurationTests {

	private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CallContextAutoConfiguration.class));

	@Test
	void servletAppsKeepTheCallContextInTheMdc() {
		this.servlet.run((context) -> assertThat(context).hasSingleBean(CallContextFilter.class));
	}

	@Test
	void reactiveAppsKeepTheCallContextInTheReactorContext() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CallContextAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(CallContextWebFilter.class)
				.doesNotHaveBean(CallContextFilter.class));
	}

	@Test
	void aUserDefinedFilterReplacesJunctions() {
		this.servlet.withUserConfiguration(UserFilter.class)
			.run((context) -> assertThat(context).getBeans(CallContextFilter.class).containsOnlyKeys("userFilter"));
	}

	@Test
	void offByProperty() {
		this.servlet.withPropertyValues("junction.client.propagation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CallContextFilter.class));
	}

	@Test
	void absentOutsideWebAppsAndWithoutSpringWebsFilterSupport() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(CallContextAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(CallContextFilter.class));
		this.servlet.withClassLoader(new FilteredClassLoader(OncePerRequestFilter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(CallContextFilter.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilter {

		@Bean
		CallContextFilter userFilter() {
			return new CallContextFilter();
		}

	}

}
