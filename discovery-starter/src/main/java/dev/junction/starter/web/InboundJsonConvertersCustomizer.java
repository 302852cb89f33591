/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.web;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageConverters.ServerBuilder;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;

/**
 * Gives Spring MVC a JSON converter of its own whose mapper is the application's
 * {@link JsonMapper} with Junction's inbound rules (see {@link WebProperties}). Only the
 * server's converters change: the load-balanced clients get Boot's client converters, and
 * messaging its own converter, both from the application's mapper as it is. Writing is
 * the same as before, since the rules only concern reading.
 * <p>
 * Ordered after Boot's own customizer, which sets the JSON converter first.
 */
class InboundJsonConvertersCustomizer implements ServerHttpMessageConvertersCustomizer, Ordered {

	private final JsonMapper mapper;

	InboundJsonConvertersCustomizer(JsonMapper applicationMapper, WebProperties properties) {
		this.mapper = inboundMapper(applicationMapper, properties);
	}

	@Override
	public void customize(ServerBuilder builder) {
		builder.withJsonConverter(new JacksonJsonHttpMessageConverter(this.mapper));
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	JsonMapper mapper() {
		return this.mapper;
	}

	static JsonMapper inboundMapper(JsonMapper applicationMapper, WebProperties properties) {
		JsonMapper.Builder builder = applicationMapper.rebuild();
		if (properties.isStrictJson()) {
			builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
				.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
				.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
				.withCoercionConfig(LogicalType.Integer,
						(config) -> config.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
							.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
				.withCoercionConfig(LogicalType.Float,
						(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
				.withCoercionConfig(LogicalType.Boolean,
						(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
							.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
				.withCoercionConfig(LogicalType.Textual,
						(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
							.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
							.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
		}
		if (properties.isRejectControlCharacters()) {
			builder.addModule(new SimpleModule("junction-inbound-strings").addDeserializer(String.class,
					new ControlCharacterRefusingStringDeserializer()));
		}
		return builder.build();
	}

}
