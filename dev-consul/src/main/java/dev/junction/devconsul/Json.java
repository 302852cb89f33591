/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON in and out. Reading is lenient the way Consul's decoder is: field names match
 * regardless of case and underscores ({@code CheckID}, {@code check_id}), unknown fields
 * are ignored, and an explicit {@code null} counts as absent. Types are strict: a string
 * where a number belongs is a 400.
 */
final class Json {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

	private Json() {
	}

	static ObjectNode object() {
		return MAPPER.createObjectNode();
	}

	static ArrayNode array() {
		return MAPPER.createArrayNode();
	}

	static byte[] write(JsonNode node, boolean pretty) {
		return pretty ? PRETTY.writeValueAsBytes(node) : MAPPER.writeValueAsBytes(node);
	}

	/** Parse a request body that must be a JSON object. */
	static ObjectNode parseObject(byte[] body) {
		JsonNode node;
		try {
			node = MAPPER.readTree(body);
		}
		catch (JacksonException ex) {
			throw ApiException.badRequest("Request decode failed: " + ex.getOriginalMessage());
		}
		if (node == null || node.isMissingNode()) {
			throw ApiException.badRequest("Request decode failed: EOF");
		}
		if (!(node instanceof ObjectNode object)) {
			throw ApiException.badRequest("Request decode failed: expected a JSON object, got " + node.getNodeType());
		}
		return object;
	}

	/** The named field, ignoring case and underscores; {@code null} if absent or null. */
	static JsonNode field(JsonNode object, String name) {
		String wanted = normalize(name);
		for (Map.Entry<String, JsonNode> property : object.properties()) {
			if (normalize(property.getKey()).equals(wanted)) {
				JsonNode value = property.getValue();
				return (value == null || value.isNull()) ? null : value;
			}
		}
		return null;
	}

	/** Whether the named field is present at all, even as an explicit {@code null}. */
	static boolean has(JsonNode object, String name) {
		String wanted = normalize(name);
		for (String property : object.propertyNames()) {
			if (normalize(property).equals(wanted)) {
				return true;
			}
		}
		return false;
	}

	private static String normalize(String name) {
		return name.replace("_", "").toLowerCase(Locale.ROOT);
	}

	static String text(JsonNode object, String name) {
		JsonNode value = field(object, name);
		if (value == null) {
			return null;
		}
		if (!value.isString()) {
			throw typeError(name, "a string");
		}
		return value.stringValue();
	}

	static int integer(JsonNode object, String name, int fallback) {
		JsonNode value = field(object, name);
		if (value == null) {
			return fallback;
		}
		if (!value.isIntegralNumber() || !value.canConvertToInt()) {
			throw typeError(name, "an integer");
		}
		return value.intValue();
	}

	static boolean bool(JsonNode object, String name) {
		JsonNode value = field(object, name);
		if (value == null) {
			return false;
		}
		if (!value.isBoolean()) {
			throw typeError(name, "a boolean");
		}
		return value.booleanValue();
	}

	static ObjectNode object(JsonNode object, String name) {
		JsonNode value = field(object, name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof ObjectNode result)) {
			throw typeError(name, "an object");
		}
		return result;
	}

	static List<String> strings(JsonNode object, String name) {
		JsonNode value = field(object, name);
		List<String> result = new ArrayList<>();
		if (value == null) {
			return result;
		}
		if (!value.isArray()) {
			throw typeError(name, "an array of strings");
		}
		for (JsonNode element : value) {
			if (!element.isString()) {
				throw typeError(name, "an array of strings");
			}
			result.add(element.stringValue());
		}
		return result;
	}

	static Map<String, String> stringMap(JsonNode object, String name) {
		ObjectNode value = object(object, name);
		Map<String, String> result = new LinkedHashMap<>();
		if (value != null) {
			for (Map.Entry<String, JsonNode> entry : value.properties()) {
				if (!entry.getValue().isString()) {
					throw typeError(name, "an object of strings");
				}
				result.put(entry.getKey(), entry.getValue().stringValue());
			}
		}
		return result;
	}

	/** A duration given as a Go duration string or as a number of nanoseconds. */
	static Duration duration(JsonNode object, String name) {
		JsonNode value = field(object, name);
		if (value == null) {
			return null;
		}
		if (value.isIntegralNumber()) {
			return Duration.ofNanos(value.longValue());
		}
		if (!value.isString()) {
			throw typeError(name, "a duration");
		}
		if (value.stringValue().isEmpty()) {
			return null;
		}
		try {
			return GoDuration.parse(value.stringValue());
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.badRequest("Request decode failed: " + name + ": " + ex.getMessage());
		}
	}

	private static ApiException typeError(String name, String expected) {
		return ApiException.badRequest("Request decode failed: " + name + " must be " + expected);
	}

}
