/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reading what a renderer printed: YAML documents as maps and lists, and paths into them
 * that answer {@code null} (or an empty list or map) where a key is absent.
 */
final class Yaml {

	private Yaml() {
	}

	static List<Map<String, Object>> documents(String text) {
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : parser().loadAll(text)) {
			if (document != null) {
				documents.add(map(document));
			}
		}
		return documents;
	}

	static Map<String, Object> document(String text) {
		return map(parser().load(text));
	}

	/** A document that is a list, such as a JSON array. */
	static List<Object> sequence(String text) {
		return list(parser().load(text));
	}

	/**
	 * The value at a path of keys, or {@code null} when any of them is absent.
	 */
	static Object at(Object node, String... keys) {
		Object current = node;
		for (String key : keys) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(key);
		}
		return current;
	}

	static Map<String, Object> mapAt(Object node, String... keys) {
		Object value = at(node, keys);
		return (value != null) ? map(value) : Map.of();
	}

	static List<Object> listAt(Object node, String... keys) {
		Object value = at(node, keys);
		return (value != null) ? list(value) : List.of();
	}

	static String stringAt(Object node, String... keys) {
		Object value = at(node, keys);
		return (value != null) ? value.toString() : null;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		if (!(value instanceof Map)) {
			throw new IllegalArgumentException("Expected a mapping but found " + value);
		}
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object value) {
		if (!(value instanceof List)) {
			throw new IllegalArgumentException("Expected a sequence but found " + value);
		}
		return (List<Object>) value;
	}

	private static org.yaml.snakeyaml.Yaml parser() {
		LoaderOptions options = new LoaderOptions();
		options.setCodePointLimit(16 * 1024 * 1024);
		return new org.yaml.snakeyaml.Yaml(options);
	}

}
