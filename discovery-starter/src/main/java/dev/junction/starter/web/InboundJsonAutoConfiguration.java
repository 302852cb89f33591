/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.web;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

/**
 * Junction's rules for the JSON bodies a servlet app receives: strict types, no duplicate
 * members, no control characters (see {@link WebProperties}). In the starter rather than
 * in each app's validation because the defects are the same in every app (Bean Validation
 * sees a value only after Jackson has coerced it, and no app thinks of a NUL) and a rule
 * each app must remember is a rule some app forgets.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ JsonMapper.class, JacksonJsonHttpMessageConverter.class,
		ServerHttpMessageConvertersCustomizer.class })
@ConditionalOnBooleanProperty(name = "junction.web.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WebProperties.class)
public final class InboundJsonAutoConfiguration {

	@Bean
	@ConditionalOnBean(JsonMapper.class)
	@ConditionalOnMissingBean
	InboundJsonConvertersCustomizer junctionInboundJsonConvertersCustomizer(JsonMapper jsonMapper,
			WebProperties properties) {
		return new InboundJsonConvertersCustomizer(jsonMapper, properties);
	}

}
