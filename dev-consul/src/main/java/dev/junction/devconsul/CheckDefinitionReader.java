/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.junction.devconsul.CheckDefinition.CheckType;
import dev.junction.devconsul.CheckDefinition.Thresholds;

/**
 * Reads a check definition from a registration body and validates it as Consul does.
 * HTTP, TCP and TTL checks are supported; any other kind is refused with a 400 instead of
 * being silently accepted and never run.
 */
final class CheckDefinitionReader {

	private static final List<String> UNSUPPORTED = List.of("Args", "ScriptArgs", "Script", "GRPC", "UDP", "H2PING",
			"DockerContainerID", "AliasNode", "AliasService", "OSService");

	private CheckDefinitionReader() {
	}

	/**
	 * Read a check of a service registration.
	 * @param json the check object
	 * @param defaultId the ID when the check gives none
	 * @param serviceId the service's ID
	 * @param serviceName the service's name
	 * @return the check
	 */
	static CheckDefinition forService(JsonNode json, String defaultId, String serviceId, String serviceName) {
		return read(json, defaultId, "Service '" + serviceName + "' check", serviceId);
	}

	/** Read the body of {@code agent/check/register}. */
	static CheckDefinition forAgent(ObjectNode json) {
		String name = Json.text(json, "Name");
		if (name == null || name.isEmpty()) {
			throw ApiException.badRequest("Missing check name");
		}
		String serviceId = Json.text(json, "ServiceID");
		return read(json, name, name, (serviceId == null || serviceId.isEmpty()) ? null : serviceId);
	}

	private static CheckDefinition read(JsonNode json, String defaultId, String defaultName, String serviceId) {
		String id = firstNonEmpty(Json.text(json, "CheckID"), Json.text(json, "ID"), defaultId);
		String name = firstNonEmpty(Json.text(json, "Name"), defaultName);
		String statusText = Json.text(json, "Status");
		for (String field : UNSUPPORTED) {
			if (!isEmpty(Json.field(json, field))) {
				throw invalid(field + " checks are not supported by the dev Consul agent (only HTTP, TCP and TTL)");
			}
		}
		String http = Json.text(json, "HTTP");
		String tcp = Json.text(json, "TCP");
		Duration interval = Json.duration(json, "Interval");
		Duration ttl = Json.duration(json, "TTL");
		boolean intervalCheck = !isEmpty(http) || !isEmpty(tcp);
		if (positive(interval) && positive(ttl)) {
			throw invalid("Interval and TTL cannot both be specified");
		}
		if (intervalCheck && !positive(interval)) {
			throw invalid("Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks");
		}
		if (!intervalCheck && !positive(ttl)) {
			throw invalid("TTL must be > 0 for TTL checks");
		}
		if (Json.integer(json, "OutputMaxSize", 0) < 0) {
			throw invalid("MaxOutputMaxSize must be positive");
		}
		int failuresBeforeCritical = Json.integer(json, "FailuresBeforeCritical", 0);
		if (Json.integer(json, "FailuresBeforeWarning", 0) > failuresBeforeCritical) {
			throw invalid("FailuresBeforeWarning can't be higher than FailuresBeforeCritical");
		}
		HealthStatus status = null;
		if (statusText != null && !statusText.isEmpty()) {
			status = HealthStatus.fromJson(statusText);
			if (status == null) {
				throw ApiException.badRequest("Status for checks must 'passing', 'warning', 'critical'");
			}
		}
		Duration timeout = null;
		CheckType type = CheckType.TTL;
		if (intervalCheck) {
			type = !isEmpty(http) ? CheckType.HTTP : CheckType.TCP;
			interval = (interval.compareTo(CheckDefinition.MIN_INTERVAL) < 0) ? CheckDefinition.MIN_INTERVAL : interval;
			timeout = Json.duration(json, "Timeout");
			timeout = positive(timeout) ? timeout : CheckDefinition.DEFAULT_TIMEOUT;
		}
		else {
			interval = null;
		}
		String method = Json.text(json, "Method");
		Thresholds thresholds = new Thresholds(Json.integer(json, "SuccessBeforePassing", 0),
				Json.integer(json, "FailuresBeforeWarning", failuresBeforeCritical), failuresBeforeCritical);
		return new CheckDefinition(id, name, serviceId, Json.text(json, "Notes"), status, type,
				(type == CheckType.HTTP) ? http : (type == CheckType.TCP) ? tcp : null,
				isEmpty(method) ? "GET" : method, headers(json), Json.text(json, "Body"),
				Json.bool(json, "TLSSkipVerify"), interval, timeout, (type == CheckType.TTL) ? ttl : null,
				Json.duration(json, "DeregisterCriticalServiceAfter"), thresholds);
	}

	private static Map<String, List<String>> headers(JsonNode json) {
		ObjectNode header = Json.object(json, "Header");
		Map<String, List<String>> headers = new LinkedHashMap<>();
		if (header != null) {
			for (String name : header.propertyNames()) {
				headers.put(name, List.copyOf(Json.strings(header, name)));
			}
		}
		return headers;
	}

	/**
	 * Whether a check object says nothing at all; Consul ignores such a check rather than
	 * rejecting it (clients send {@code "Check": {}} or all-null fields).
	 */
	static boolean isEmpty(JsonNode json) {
		if (json == null || json.isNull() || json.isMissingNode()) {
			return true;
		}
		if (json.isString()) {
			return json.stringValue().isEmpty();
		}
		if (json.isNumber()) {
			return json.asDouble() == 0;
		}
		if (json.isBoolean()) {
			return !json.booleanValue();
		}
		if (json.isContainer()) {
			for (JsonNode element : json.values()) {
				if (!isEmpty(element)) {
					return false;
				}
			}
			return true;
		}
		return false;
	}

	private static boolean isEmpty(String text) {
		return text == null || text.isEmpty();
	}

	private static boolean positive(Duration duration) {
		return duration != null && !duration.isNegative() && !duration.isZero();
	}

	private static String firstNonEmpty(String... candidates) {
		for (String candidate : candidates) {
			if (candidate != null && !candidate.isEmpty()) {
				return candidate;
			}
		}
		return null;
	}

	private static ApiException invalid(String reason) {
		return ApiException.badRequest("Invalid check: " + reason);
	}

}
