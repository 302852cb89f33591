/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.rollout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.junction.starter.JsonDocuments;
import dev.junction.starter.JunctionVersions;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A rollout as the JSON document at {@code junction/rollouts/<service>} in Consul KV
 * describes it: the canary version, the weights it goes through, and how each interval of
 * traffic is judged.
 *
 * <pre class="code">
 * {
 *   "canaryVersion": "v2",                                    // required
 *   "steps": [ {"weight": 10, "pause": "30s"}, {"weight": 100, "pause": "30s"} ], // required
 *   "analysis": {
 *     "interval": "10s",              // default 10s
 *     "minRequests": 50,              // default 50: fewer canary requests make it inconclusive
 *     "maxErrorRate": 0.02,           // default 0.02
 *     "maxErrorRateIncrease": 0.01,   // default 0.01, over stable's in the same interval
 *     "maxLatencyRatio": 1.5,         // default 1.5: canary p95 &gt; stable p95 x ratio + slack fails
 *     "latencySlack": "50ms",         // default 50ms
 *     "failureLimit": 1,              // default 1: more failed analyses roll back
 *     "inconclusiveLimit": 3          // default 3: more inconclusive ones in a row pause
 *   }
 * }
 * </pre>
 *
 * Anything else (unknown members, wrong types, values out of range, weights that do not
 * grow) makes the whole document invalid, and nothing changes.
 *
 * @param canaryVersion the version rolled out
 * @param steps the weights, growing, each held for its pause
 * @param analysis how an interval is judged
 */
public record RolloutSpec(String canaryVersion, List<Step> steps, Analysis analysis) {

	static final int MAX_BYTES = 16 * 1024;

	static final int MAX_STEPS = 20;

	private static final Set<String> MEMBERS = Set.of("canaryVersion", "steps", "analysis");

	private static final Set<String> STEP_MEMBERS = Set.of("weight", "pause");

	private static final Set<String> ANALYSIS_MEMBERS = Set.of("interval", "minRequests", "maxErrorRate",
			"maxErrorRateIncrease", "maxLatencyRatio", "latencySlack", "failureLimit", "inconclusiveLimit");

	private static final Pattern DURATION = Pattern.compile("(\\d{1,7})(ms|s|m|h)");

	/**
	 * One step.
	 *
	 * @param weight the canary's share of traffic, 1 to 100
	 * @param pause how long the weight is held (while analyses run) before the next step
	 */
	public record Step(int weight, Duration pause) {
	}

	/**
	 * How an interval of traffic is judged.
	 *
	 * @param interval the length of one analysis interval
	 * @param minRequests fewer canary requests in an interval make it inconclusive
	 * @param maxErrorRate the canary's highest acceptable share of failed requests
	 * @param maxErrorRateIncrease the highest acceptable excess of the canary's error
	 * share over stable's
	 * @param maxLatencyRatio the canary's p95 may be at most stable's times this, plus
	 * {@code latencySlack}
	 * @param latencySlack the absolute allowance on top of the ratio
	 * @param failureLimit more failed analyses than this roll back
	 * @param inconclusiveLimit more inconclusive analyses in a row than this pause
	 */
	public record Analysis(Duration interval, int minRequests, double maxErrorRate, double maxErrorRateIncrease,
			double maxLatencyRatio, Duration latencySlack, int failureLimit, int inconclusiveLimit) {

		/** The defaults the README states. */
		public static final Analysis DEFAULTS = new Analysis(Duration.ofSeconds(10), 50, 0.02, 0.01, 1.5,
				Duration.ofMillis(50), 1, 3);

	}

	/**
	 * The weight of a step.
	 * @param step the step's index
	 * @return its weight
	 */
	public int weight(int step) {
		return this.steps.get(step).weight();
	}

	/**
	 * Parses and validates a document.
	 * @param json the document's bytes
	 * @param mapper the JSON mapper
	 * @return the spec
	 * @throws IllegalArgumentException saying what is wrong
	 */
	public static RolloutSpec parse(byte @Nullable [] json, JsonMapper mapper) {
		JsonNode root = JsonDocuments.readObject(json, MAX_BYTES, "a JSON rollout object", mapper);
		JsonDocuments.onlyMembers(root, MEMBERS, "");
		JsonNode version = root.get("canaryVersion");
		if (version == null || !version.isString() || !JunctionVersions.isAcceptable(version.stringValue())) {
			throw new IllegalArgumentException("canaryVersion must be a version string (at most 128 of "
					+ "A-Z a-z 0-9 . _ : + -), the junction.instance.version of the canary's instances");
		}
		return new RolloutSpec(version.stringValue(), steps(root.get("steps")), analysis(root.get("analysis")));
	}

	private static List<Step> steps(@Nullable JsonNode node) {
		if (node == null || !node.isArray() || node.isEmpty()) {
			throw new IllegalArgumentException("steps must be a non-empty array such as "
					+ "[{\"weight\": 10, \"pause\": \"30s\"}, {\"weight\": 100, \"pause\": \"30s\"}]");
		}
		if (node.size() > MAX_STEPS) {
			throw new IllegalArgumentException("steps has " + node.size() + " entries, more than " + MAX_STEPS);
		}
		List<Step> steps = new ArrayList<>();
		int previous = 0;
		for (int i = 0; i < node.size(); i++) {
			JsonNode step = node.get(i);
			String path = "steps[" + i + "]";
			if (!step.isObject()) {
				throw new IllegalArgumentException(path + " must be a JSON object with weight and pause");
			}
			JsonDocuments.onlyMembers(step, STEP_MEMBERS, path + ".");
			JsonNode weight = step.get("weight");
			if (weight == null || !weight.isIntegralNumber() || !weight.canConvertToInt() || weight.intValue() < 1
					|| weight.intValue() > 100) {
				throw new IllegalArgumentException(path + ".weight must be a whole number from 1 to 100");
			}
			if (weight.intValue() <= previous) {
				throw new IllegalArgumentException(path + ".weight must be above the step before's (" + previous
						+ "): a rollout only moves traffic towards the canary");
			}
			previous = weight.intValue();
			JsonNode pause = step.get("pause");
			if (pause == null || !pause.isString()) {
				throw new IllegalArgumentException(path + ".pause must be a duration such as \"30s\" or \"5m\"");
			}
			steps.add(new Step(weight.intValue(), duration(pause.stringValue(), path + ".pause", Duration.ofDays(1))));
		}
		return List.copyOf(steps);
	}

	private static Analysis analysis(@Nullable JsonNode node) {
		Analysis defaults = Analysis.DEFAULTS;
		if (node == null || node.isNull()) {
			return defaults;
		}
		if (!node.isObject()) {
			throw new IllegalArgumentException("analysis must be a JSON object");
		}
		JsonDocuments.onlyMembers(node, ANALYSIS_MEMBERS, "analysis.");
		Duration interval = optionalDuration(node, "interval", defaults.interval(), Duration.ofHours(1));
		if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("analysis.interval must be at least 1s");
		}
		return new Analysis(interval, whole(node, "minRequests", defaults.minRequests(), 1, 1_000_000),
				share(node, "maxErrorRate", defaults.maxErrorRate()),
				share(node, "maxErrorRateIncrease", defaults.maxErrorRateIncrease()),
				ratio(node, "maxLatencyRatio", defaults.maxLatencyRatio()),
				optionalDuration(node, "latencySlack", defaults.latencySlack(), Duration.ofMinutes(1)),
				whole(node, "failureLimit", defaults.failureLimit(), 0, 1000),
				whole(node, "inconclusiveLimit", defaults.inconclusiveLimit(), 0, 1000));
	}

	private static int whole(JsonNode node, String name, int fallback, int min, int max) {
		JsonNode value = node.get(name);
		if (value == null || value.isNull()) {
			return fallback;
		}
		if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
			throw new IllegalArgumentException(
					"analysis." + name + " must be a whole number from " + min + " to " + max);
		}
		return value.intValue();
	}

	private static double share(JsonNode node, String name, double fallback) {
		JsonNode value = node.get(name);
		if (value == null || value.isNull()) {
			return fallback;
		}
		if (!value.isNumber() || value.doubleValue() < 0 || value.doubleValue() > 1) {
			throw new IllegalArgumentException("analysis." + name + " must be a number from 0 to 1 (0.02 is 2 %)");
		}
		return value.doubleValue();
	}

	private static double ratio(JsonNode node, String name, double fallback) {
		JsonNode value = node.get(name);
		if (value == null || value.isNull()) {
			return fallback;
		}
		if (!value.isNumber() || value.doubleValue() < 1 || value.doubleValue() > 100) {
			throw new IllegalArgumentException("analysis." + name + " must be a number from 1 to 100");
		}
		return value.doubleValue();
	}

	private static Duration optionalDuration(JsonNode node, String name, Duration fallback, Duration max) {
		JsonNode value = node.get(name);
		if (value == null || value.isNull()) {
			return fallback;
		}
		if (!value.isString()) {
			throw new IllegalArgumentException("analysis." + name + " must be a duration such as \"10s\"");
		}
		return duration(value.stringValue(), "analysis." + name, max);
	}

	/**
	 * A duration as the document writes it: whole {@code ms}, {@code s}, {@code m} or
	 * {@code h}.
	 * @param text the text
	 * @param name the member, for the message
	 * @param max the largest allowed
	 * @return the duration
	 */
	static Duration duration(String text, String name, Duration max) {
		Matcher matcher = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
		if (!matcher.matches()) {
			String shown = (text.length() > 32) ? text.substring(0, 32) + "..." : text;
			throw new IllegalArgumentException(name + " must be a whole number of ms, s, m or h such as \"30s\", not \""
					+ shown.replaceAll("[^\\x20-\\x7e]", "?") + "\"");
		}
		long amount = Long.parseLong(matcher.group(1));
		Duration duration = switch (matcher.group(2)) {
			case "ms" -> Duration.ofMillis(amount);
			case "s" -> Duration.ofSeconds(amount);
			case "m" -> Duration.ofMinutes(amount);
			default -> Duration.ofHours(amount);
		};
		if (duration.compareTo(max) > 0) {
			throw new IllegalArgumentException(
					name + " must be at most " + max.toString().substring(2).toLowerCase(Locale.ROOT));
		}
		return duration;
	}

}
