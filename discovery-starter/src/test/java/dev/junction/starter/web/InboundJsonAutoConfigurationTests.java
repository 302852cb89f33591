/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.web;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InboundJsonAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, InboundJsonAutoConfiguration.class));

	@Test
	void servletAppsReadRequestBodiesStrictlyWhileTheApplicationsMapperStaysAsItIs() {
		this.runner.run((context) -> {
			JsonMapper inbound = context.getBean(InboundJsonConvertersCustomizer.class).mapper();
			assertThat(inbound.isEnabled(DeserializationFeature.ACCEPT_FLOAT_AS_INT)).isFalse();
			assertThatExceptionOfType(ControlCharacterException.class)
				.isThrownBy(() -> inbound.readValue("{\"name\": \"a\\u0000\"}", Named.class));
			JsonMapper application = context.getBean(JsonMapper.class);
			assertThat(application.readValue("{\"name\": 7}", Named.class).name()).isEqualTo("7");
			assertThat(application.readValue("{\"name\": \"a\\u0000\"}", Named.class).name()).isEqualTo("a\0");
		});
	}

	@Test
	void strictnessCanBeRelaxedAndControlCharactersAllowedByProperty() {
		this.runner.withPropertyValues("junction.web.strict-json=false").run((context) -> {
			JsonMapper inbound = context.getBean(InboundJsonConvertersCustomizer.class).mapper();
			assertThat(inbound.readValue("{\"name\": 7}", Named.class).name()).isEqualTo("7");
			assertThatExceptionOfType(ControlCharacterException.class)
				.isThrownBy(() -> inbound.readValue("{\"name\": \"a\\u0000\"}", Named.class));
		});
		this.runner.withPropertyValues("junction.web.reject-control-characters=false")
			.run((context) -> assertThat(context.getBean(InboundJsonConvertersCustomizer.class)
				.mapper()
				.readValue("{\"name\": \"a\\u0000\"}", Named.class)
				.name()).isEqualTo("a\0"));
	}

	@Test
	void backsOffForAUserCustomizerAndCanBeSwitchedOff() {
		this.runner
			.withBean("userCustomizer", InboundJsonConvertersCustomizer.class,
					() -> new InboundJsonConvertersCustomizer(JsonMapper.builder().build(), new WebProperties()))
			.run((context) -> assertThat(context).getBeans(InboundJsonConvertersCustomizer.class)
				.containsOnlyKeys("userCustomizer"));
		this.runner.withPropertyValues("junction.web.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(InboundJsonConvertersCustomizer.class));
	}

	@Test
	void absentInReactiveAppsAndWithoutJacksonsConverter() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(JacksonAutoConfiguration.class, InboundJsonAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(InboundJsonConvertersCustomizer.class));
		this.runner.withClassLoader(new FilteredClassLoader(JacksonJsonHttpMessageConverter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(InboundJsonConvertersCustomizer.class));
	}

	record Named(String name) {

	}

}
