/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.math.BigInteger;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.netty.handler.codec.http.HttpResponseStatus;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code /v1/kv/{key}}: get (one key, {@code ?recurse}, {@code ?keys}, {@code ?raw}), put
 * ({@code ?flags}, {@code ?cas}, {@code ?acquire} and {@code ?release} of a session's
 * lock) and delete ({@code ?recurse}, {@code ?cas}). A missing key is a 404 that still
 * carries {@code X-Consul-Index}, so a watch can block on it.
 */
final class KvEndpoints {

	private final KvStore store;

	private final SessionStore sessions;

	private final BlockingQueries waiters;

	private final Acl acl;

	private final NodeInfo node;

	KvEndpoints(KvStore store, SessionStore sessions, BlockingQueries waiters, Acl acl, NodeInfo node) {
		this.store = store;
		this.sessions = sessions;
		this.waiters = waiters;
		this.acl = acl;
		this.node = node;
	}

	void addTo(Router router) {
		router.add("/v1/kv/", this::handle, "GET", "PUT", "DELETE");
	}

	private void handle(ApiRequest request, String key, Responder responder) {
		Queries.check(request, this.node);
		switch (request.method()) {
			case "GET" -> get(request, key, responder);
			case "PUT" -> put(request, key, responder);
			default -> delete(request, key, responder);
		}
	}

	private void get(ApiRequest request, String key, Responder responder) {
		boolean keys = request.has("keys");
		boolean recurse = request.has("recurse");
		if (key.isEmpty() && !keys && !recurse) {
			throw ApiException.badRequest("Missing key name");
		}
		this.acl.require(request, keys ? "key:list" : "key:read", key);
		if (keys) {
			String separator = request.param("separator");
			serve(request, (changed) -> changed.startsWith(key), () -> this.store.list(key).index(),
					() -> keyList(key, separator), responder);
		}
		else if (recurse) {
			serve(request, (changed) -> changed.startsWith(key), () -> this.store.list(key).index(),
					() -> entries(this.store.list(key)), responder);
		}
		else {
			boolean raw = request.has("raw");
			serve(request, key::equals, () -> this.store.get(key).index(),
					() -> raw ? rawValue(this.store.get(key)) : entries(this.store.get(key)), responder);
		}
	}

	private void serve(ApiRequest request, Predicate<String> concerns, LongSupplier index, Supplier<ApiResponse> answer,
			Responder responder) {
		this.waiters.serve(request, Topics.KV, concerns, index, answer, responder);
	}

	private ApiResponse keyList(String prefix, String separator) {
		KvStore.Result result = this.store.list(prefix);
		Set<String> keys = new LinkedHashSet<>();
		for (KvStore.Entry entry : result.entries()) {
			String key = entry.key();
			int cut = (separator != null && !separator.isEmpty()) ? key.indexOf(separator, prefix.length()) : -1;
			keys.add((cut >= 0) ? key.substring(0, cut + separator.length()) : key);
		}
		ArrayNode json = Json.array();
		keys.forEach(json::add);
		return found(ApiResponse.json(json), result);
	}

	private ApiResponse entries(KvStore.Result result) {
		ArrayNode json = Json.array();
		for (KvStore.Entry entry : result.entries()) {
			ObjectNode item = json.addObject().put("LockIndex", entry.lockIndex()).put("Key", entry.key());
			item.put("Flags", unsigned(entry.flags()));
			if (entry.value() != null) {
				item.put("Value", Base64.getEncoder().encodeToString(entry.value()));
			}
			else {
				item.putNull("Value");
			}
			if (entry.session() != null) {
				item.put("Session", entry.session());
			}
			item.put("CreateIndex", entry.createIndex()).put("ModifyIndex", entry.modifyIndex());
		}
		return found(ApiResponse.json(json), result);
	}

	private ApiResponse rawValue(KvStore.Result result) {
		byte[] value = result.entries().isEmpty() ? new byte[0] : result.entries().get(0).value();
		return found(ApiResponse.bytes((value != null) ? value : new byte[0], ApiResponse.TEXT), result)
			.withHeader("X-Content-Type-Options", "nosniff");
	}

	/**
	 * The answer, or an empty 404 that still carries the index when nothing was found.
	 */
	private static ApiResponse found(ApiResponse response, KvStore.Result result) {
		ApiResponse answer = result.entries().isEmpty()
				? ApiResponse.bytes(new byte[0], ApiResponse.TEXT).withStatus(HttpResponseStatus.NOT_FOUND) : response;
		return answer.withIndex(result.index());
	}

	private void put(ApiRequest request, String key, Responder responder) {
		if (key.isEmpty()) {
			throw ApiException.badRequest("Missing key name");
		}
		if (Stream.of("cas", "acquire", "release").filter(request::has).count() > 1) {
			// Consul's conflictingFlags, newline included
			throw ApiException.badRequest("Conflicting flags: " + request.encodedQuery() + "\n");
		}
		long flags = unsignedParam(request, "flags", "Invalid flags");
		Long cas = request.has("cas") ? unsignedParam(request, "cas", "Invalid cas index") : null;
		this.acl.require(request, "key:write", key);
		byte[] body = request.body();
		byte[] value = (body.length > 0) ? body : null;
		boolean written;
		if (request.has("acquire")) {
			written = this.sessions.acquire(key, value, flags, request.param("acquire"));
		}
		else if (request.has("release")) {
			written = this.sessions.release(key, value, flags, request.param("release"));
		}
		else {
			written = this.store.put(key, value, flags, cas);
		}
		responder.send(ApiResponse.json(BooleanNode.valueOf(written)));
	}

	private void delete(ApiRequest request, String key, Responder responder) {
		boolean recurse = request.has("recurse");
		if (key.isEmpty() && !recurse) {
			throw ApiException.badRequest("Missing key name");
		}
		Long cas = request.has("cas") ? unsignedParam(request, "cas", "Invalid cas index") : null;
		this.acl.require(request, "key:write", key);
		responder.send(ApiResponse.json(BooleanNode.valueOf(this.store.delete(key, recurse, cas))));
	}

	private static long unsignedParam(ApiRequest request, String name, String message) {
		String value = request.param(name);
		if (value == null) {
			return 0;
		}
		try {
			return Long.parseUnsignedLong(value);
		}
		catch (NumberFormatException ex) {
			throw ApiException.badRequest(message);
		}
	}

	private static BigInteger unsigned(long value) {
		return new BigInteger(Long.toUnsignedString(value));
	}

}
