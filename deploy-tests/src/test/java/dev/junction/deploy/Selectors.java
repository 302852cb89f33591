/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.util.List;
import java.util.Map;

/**
 * Kubernetes label selectors ({@code matchLabels} and {@code matchExpressions}),
 * evaluated against pod labels as the API server would.
 */
final class Selectors {

	private Selectors() {
	}

	/**
	 * Whether the selector selects pods with these labels; an empty selector selects all.
	 */
	static boolean matches(Map<String, Object> selector, Map<String, Object> labels) {
		for (Map.Entry<String, Object> entry : Yaml.mapAt(selector, "matchLabels").entrySet()) {
			if (!String.valueOf(entry.getValue()).equals(String.valueOf(labels.get(entry.getKey())))) {
				return false;
			}
		}
		for (Object expression : Yaml.listAt(selector, "matchExpressions")) {
			String key = Yaml.stringAt(expression, "key");
			List<Object> values = Yaml.listAt(expression, "values");
			String label = (labels.get(key) != null) ? labels.get(key).toString() : null;
			boolean matched = switch (Yaml.stringAt(expression, "operator")) {
				case "In" -> label != null && values.contains(label);
				case "NotIn" -> label == null || !values.contains(label);
				case "Exists" -> label != null;
				case "DoesNotExist" -> label == null;
				default -> throw new IllegalArgumentException("Unknown operator in " + expression);
			};
			if (!matched) {
				return false;
			}
		}
		return true;
	}

	static boolean isEmpty(Map<String, Object> selector) {
		return Yaml.mapAt(selector, "matchLabels").isEmpty() && Yaml.listAt(selector, "matchExpressions").isEmpty();
	}

}
