/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.faults;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.junction.starter.JsonDocuments;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The faults one service's instances inject into their own inbound requests, as the JSON
 * document at {@code junction/faults/<service>} in Consul KV describes them (the names
 * follow Envoy's fault filter: an <em>abort</em> answers at once with an error status, a
 * <em>delay</em> holds the request before it is handled):
 *
 * <pre class="code">
 * {
 *   "version": "v2",                              // default: every version
 *   "abort": { "share": 0.1, "status": 500 },     // share 0-1, status 400-599 (default 500)
 *   "delay": { "share": 0.5, "duration": "300ms" } // share 0-1, duration up to 60s
 * }
 * </pre>
 *
 * At least one of {@code abort} and {@code delay} is required. Anything else (unknown
 * members, wrong types, values out of range, more than {@value #MAX_BYTES} bytes) makes
 * the whole document invalid, and the rules in force stay as they were.
 *
 * @param version the version whose instances inject, {@code null} for every version
 * @param abortShare the share of requests answered with {@code abortStatus}, 0 to 1
 * @param abortStatus the status of an aborted request
 * @param delayShare the share of requests held for {@code delay}, 0 to 1
 * @param delay how long a delayed request is held
 */
public record FaultRules(@Nullable String version, double abortShare, int abortStatus, double delayShare,
		Duration delay) {

	/** No fault at all. */
	public static final FaultRules NONE = new FaultRules(null, 0, 500, 0, Duration.ZERO);

	static final int MAX_BYTES = 4 * 1024;

	static final Duration MAX_DELAY = Duration.ofSeconds(60);

	private static final Set<String> MEMBERS = Set.of("version", "abort", "delay");

	private static final Set<String> ABORT_MEMBERS = Set.of("share", "status");

	private static final Set<String> DELAY_MEMBERS = Set.of("share", "duration");

	private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(ms|s)");

	/**
	 * Whether an instance of the given version injects anything.
	 * @param instanceVersion the instance's version
	 * @return {@code true} when the rules name its version (or none) and a share is above
	 * 0
	 */
	public boolean appliesTo(String instanceVersion) {
		return (this.abortShare > 0 || this.delayShare > 0)
				&& (this.version == null || this.version.equals(instanceVersion));
	}

	/**
	 * Parses and validates a document.
	 * @param json the document's bytes
	 * @param mapper the JSON mapper
	 * @return the rules it describes
	 * @throws IllegalArgumentException saying what is wrong
	 */
	public static FaultRules parse(byte @Nullable [] json, JsonMapper mapper) {
		JsonNode root = JsonDocuments.readObject(json, MAX_BYTES, "a JSON object", mapper);
		JsonDocuments.onlyMembers(root, MEMBERS, "");
		String version = null;
		JsonNode versionNode = root.get("version");
		if (versionNode != null && !versionNode.isNull()) {
			if (!versionNode.isString() || versionNode.stringValue().isBlank()) {
				throw new IllegalArgumentException("version must be a non-empty string");
			}
			version = versionNode.stringValue();
		}
		JsonNode abort = object(root, "abort");
		JsonNode delay = object(root, "delay");
		if (abort == null && delay == null) {
			throw new IllegalArgumentException("give \"abort\", \"delay\" or both (delete the key to stop injecting)");
		}
		double abortShare = 0;
		int abortStatus = 500;
		if (abort != null) {
			JsonDocuments.onlyMembers(abort, ABORT_MEMBERS, "abort.");
			abortShare = share(abort, "abort.share");
			JsonNode status = abort.get("status");
			if (status != null && !status.isNull()) {
				if (!status.isIntegralNumber() || !status.canConvertToInt() || status.intValue() < 400
						|| status.intValue() > 599) {
					throw new IllegalArgumentException("abort.status must be a whole number from 400 to 599");
				}
				abortStatus = status.intValue();
			}
		}
		double delayShare = 0;
		Duration delayDuration = Duration.ZERO;
		if (delay != null) {
			JsonDocuments.onlyMembers(delay, DELAY_MEMBERS, "delay.");
			delayShare = share(delay, "delay.share");
			JsonNode duration = delay.get("duration");
			if (duration == null || !duration.isString()) {
				throw new IllegalArgumentException("delay.duration must be a string such as \"300ms\" or \"2s\"");
			}
			delayDuration = duration(duration.stringValue());
		}
		return new FaultRules(version, abortShare, abortStatus, delayShare, delayDuration);
	}

	private static @Nullable JsonNode object(JsonNode root, String name) {
		JsonNode node = root.get(name);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isObject()) {
			throw new IllegalArgumentException(name + " must be a JSON object");
		}
		return node;
	}

	private static double share(JsonNode node, String name) {
		JsonNode share = node.get(name.substring(name.indexOf('.') + 1));
		if (share == null || !share.isNumber() || share.doubleValue() < 0 || share.doubleValue() > 1) {
			throw new IllegalArgumentException(name + " must be a number from 0 to 1 (0.1 is one request in ten)");
		}
		return share.doubleValue();
	}

	static Duration duration(String text) {
		Matcher matcher = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
		if (!matcher.matches()) {
			throw new IllegalArgumentException(
					"delay.duration must be whole milliseconds or seconds such as \"300ms\" or \"2s\", not \""
							+ ((text.length() > 32) ? text.substring(0, 32) + "..." : text) + "\"");
		}
		long amount = Long.parseLong(matcher.group(1));
		Duration duration = "ms".equals(matcher.group(2)) ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
		if (duration.compareTo(MAX_DELAY) > 0) {
			throw new IllegalArgumentException("delay.duration must be at most 60s");
		}
		return duration;
	}

}
