/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks {@code agent/service/register} makes before anything is stored, with
 * Consul's messages (its {@code AgentRegisterService}, {@code ValidateWeights} and
 * {@code validateMetaPair}). What Consul does not check, the dev agent accepts too: any
 * port (-1 or 70000 included) and names of any length (Consul only logs that such a name
 * is not usable in DNS).
 */
final class ServiceValidation {

	/** Consul's {@code metaMaxKeyPairs}. */
	static final int MAX_META_PAIRS = 64;

	/** Consul's {@code metaKeyMaxLength}, in bytes as Go's {@code len} counts. */
	static final int MAX_META_KEY_BYTES = 128;

	/** Consul's {@code metaValueMaxLength}, in bytes. */
	static final int MAX_META_VALUE_BYTES = 512;

	/** Consul's {@code MetaKeyReservedPrefix}. */
	static final String RESERVED_META_PREFIX = "consul-";

	private static final Pattern META_KEY = Pattern.compile("[a-zA-Z0-9_-]+");

	private ServiceValidation() {
	}

	/** Consul refuses the "any" addresses as a service address. */
	static void address(String address) {
		if ("0.0.0.0".equals(address) || "::".equals(address) || "[::]".equals(address)) {
			throw ApiException.badRequest("Invalid service address");
		}
	}

	static void weights(int passing, int warning) {
		String problem = null;
		if (passing < 1) {
			problem = "Passing must be greater than 0";
		}
		else if (warning < 0) {
			problem = "Warning must be greater or equal than 0";
		}
		else if (passing > 65535 || warning > 65535) {
			problem = "DNS Weight must be between 0 and 65535";
		}
		if (problem != null) {
			throw ApiException.badRequest("Invalid Weights: " + problem);
		}
	}

	/**
	 * Service metadata. Consul walks a Go map, so with several bad pairs any one of them
	 * may be named; with one bad pair the answer is the same.
	 */
	static void meta(Map<String, String> meta) {
		if (meta.size() > MAX_META_PAIRS) {
			throw invalidMeta("Node metadata cannot contain more than " + MAX_META_PAIRS + " key/value pairs");
		}
		meta.forEach((key, value) -> {
			String problem = metaPairProblem(key, value);
			if (problem != null) {
				throw invalidMeta("Couldn't load metadata pair ('" + key + "', '" + value + "'): " + problem);
			}
		});
	}

	private static String metaPairProblem(String key, String value) {
		if (key.isEmpty()) {
			return "Key cannot be blank";
		}
		if (!META_KEY.matcher(key).matches()) {
			return "Key contains invalid characters";
		}
		if (bytes(key) > MAX_META_KEY_BYTES) {
			return "Key is too long (limit: " + MAX_META_KEY_BYTES + " characters)";
		}
		if (key.startsWith(RESERVED_META_PREFIX)) {
			return "Key prefix '" + RESERVED_META_PREFIX + "' is reserved for internal use";
		}
		if (bytes(value) > MAX_META_VALUE_BYTES) {
			return "Value is too long (limit: " + MAX_META_VALUE_BYTES + " characters)";
		}
		return null;
	}

	private static int bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}

	private static ApiException invalidMeta(String reason) {
		return ApiException.badRequest("Invalid Service Meta: " + reason);
	}

}
