/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads. Enough of PromQL for dashboards: label
 * matchers, ranges, strings, grouping clauses and Grafana's {@code $variables} are set
 * aside, and what is left is a name unless a function call or a keyword.
 */
final class PromQl {

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
			"ignoring", "group_left", "group_right", "inf", "nan");

	private PromQl() {
	}

	static Set<String> metricNames(String expression) {
		String rest = STRING.matcher(expression).replaceAll("\"\"");
		rest = rest.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ");
		rest = GROUPING.matcher(rest).replaceAll(" ");
		rest = rest.replaceAll("\\$\\{?\\w+}?", " ");
		Set<String> names = new LinkedHashSet<>();
		Matcher matcher = IDENTIFIER.matcher(rest);
		while (matcher.find()) {
			String identifier = matcher.group();
			boolean call = rest.substring(matcher.end()).matches("(?s)\\s*\\(.*");
			boolean number = matcher.start() > 0 && Character.isDigit(rest.charAt(matcher.start() - 1));
			if (!call && !number && !KEYWORDS.contains(identifier.toLowerCase())) {
				names.add(identifier);
			}
		}
		return names;
	}

}
