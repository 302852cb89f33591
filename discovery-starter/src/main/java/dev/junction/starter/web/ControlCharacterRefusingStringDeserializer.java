/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.web;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads a JSON string as Jackson does, then refuses it when it holds a NUL or another
 * control character other than tab, line feed and carriage return. Raw control characters
 * are already invalid JSON; this catches the escaped ones (a backslash, {@code u0000}),
 * which would otherwise reach the database (PostgreSQL refuses a NUL with an error, so
 * the client got a 500) or the logs (an escape sequence that rewrites a terminal).
 * <p>
 * Applies wherever a body is read into a {@code String}: fields, records, lists and map
 * values. Map keys and untyped values ({@code Object}, {@code JsonNode}) are not checked.
 */
class ControlCharacterRefusingStringDeserializer extends StdScalarDeserializer<String> {

	ControlCharacterRefusingStringDeserializer() {
		super(String.class);
	}

	@Override
	public LogicalType logicalType() {
		return LogicalType.Textual;
	}

	@Override
	public Object getEmptyValue(DeserializationContext context) {
		return "";
	}

	@Override
	public String deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
		String value = StringDeserializer.instance.deserialize(parser, context);
		if (value != null && containsRefused(value)) {
			throw new ControlCharacterException(parser);
		}
		return value;
	}

	static boolean containsRefused(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
				return true;
			}
		}
		return false;
	}

}
