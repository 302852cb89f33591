/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter;

import java.util.Collection;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules every JSON document Junction reads from Consul KV shares (traffic policies,
 * rollout specs, fault documents): a value must be there, within a size, valid JSON, an
 * object, and without members the document does not know. Each failure is an
 * {@link IllegalArgumentException} whose message says what is wrong, safe to log whatever
 * the document held.
 * <p>
 * Internal to Junction: public so that the gateway starter can use it; it may change in
 * any release.
 */
public final class JsonDocuments {

	private JsonDocuments() {
	}

	/**
	 * Reads a document that must be one JSON object.
	 * @param json the document's bytes
	 * @param maxBytes the largest size accepted
	 * @param what what the object is, for the message, e.g. {@code a JSON policy object}
	 * @param mapper the JSON mapper
	 * @return the object
	 * @throws IllegalArgumentException saying what is wrong
	 */
	public static JsonNode readObject(byte @Nullable [] json, int maxBytes, String what, JsonMapper mapper) {
		if (json == null || json.length == 0) {
			throw new IllegalArgumentException("the key has no value (expected " + what + ")");
		}
		if (json.length > maxBytes) {
			throw new IllegalArgumentException("the document has " + json.length + " bytes, more than " + maxBytes);
		}
		JsonNode root;
		try {
			root = mapper.readTree(json);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("not valid JSON: " + readable(ex));
		}
		if (root == null || !root.isObject()) {
			throw new IllegalArgumentException("expected a JSON object");
		}
		return root;
	}

	/**
	 * Refuses a member the document does not know.
	 * @param node the object
	 * @param known the members it may have
	 * @param path the object's path in the document for the message, e.g. {@code abort.},
	 * empty at the top
	 * @throws IllegalArgumentException naming the first unknown member
	 */
	public static void onlyMembers(JsonNode node, Collection<String> known, String path) {
		for (String name : node.propertyNames()) {
			if (!known.contains(name)) {
				throw new IllegalArgumentException("unknown member \"" + path + printable(name) + "\" (known: "
						+ known.stream().sorted().toList() + ")");
			}
		}
	}

	/**
	 * The parser's complaint without its source description (which, with source inclusion
	 * off, only says that it is off), with the line and column where it arose.
	 * @param ex the parser's exception
	 * @return the message
	 */
	public static String readable(JacksonException ex) {
		String message = String.valueOf(ex.getOriginalMessage())
			.replaceAll("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
			.replaceAll("\\s*\\[Source: [^\\]]*\\]", "")
			.strip();
		TokenStreamLocation location = ex.getLocation();
		if (location != null && location.getLineNr() > 0) {
			message += " (at line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
		}
		return message;
	}

	/**
	 * A value a document held, shortened and with what is not printable ASCII replaced,
	 * harmless in a message or a log line.
	 * @param value the value
	 * @return at most 64 characters and an ellipsis
	 */
	public static String printable(String value) {
		String shown = (value.length() > 64) ? value.substring(0, 64) + "..." : value;
		return shown.replaceAll("[^\\x20-\\x7e]", "?");
	}

}
