/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.netty.handler.codec.http.HttpResponseStatus;
import tools.jackson.databind.JsonNode;

/**
 * What an endpoint answers: a status, a JSON tree or bytes, and headers. Immutable.
 */
final class ApiResponse {

	static final String JSON = "application/json";

	static final String TEXT = "text/plain; charset=utf-8";

	private final HttpResponseStatus status;

	private final JsonNode json;

	private final byte[] bytes;

	private final String contentType;

	private final long index;

	private final Map<String, String> headers;

	private volatile byte[] compact;

	private ApiResponse(HttpResponseStatus status, JsonNode json, byte[] bytes, String contentType, long index,
			Map<String, String> headers) {
		this.status = status;
		this.json = json;
		this.bytes = bytes;
		this.contentType = contentType;
		this.index = index;
		this.headers = headers;
	}

	static ApiResponse json(JsonNode body) {
		return new ApiResponse(HttpResponseStatus.OK, body, null, JSON, -1, Map.of());
	}

	static ApiResponse text(HttpResponseStatus status, String body) {
		return new ApiResponse(status, null, body.getBytes(StandardCharsets.UTF_8), TEXT, -1, Map.of());
	}

	static ApiResponse bytes(byte[] body, String contentType) {
		return new ApiResponse(HttpResponseStatus.OK, null, body, contentType, -1, Map.of());
	}

	static ApiResponse ok() {
		return text(HttpResponseStatus.OK, "");
	}

	static ApiResponse error(ApiException ex) {
		return text(ex.status(), ex.getMessage());
	}

	/**
	 * This response with a Consul query index; indexes below 1 are raised to 1 as Consul
	 * does.
	 */
	ApiResponse withIndex(long index) {
		return new ApiResponse(this.status, this.json, this.bytes, this.contentType, Math.max(1, index), this.headers);
	}

	ApiResponse withStatus(HttpResponseStatus status) {
		return new ApiResponse(status, this.json, this.bytes, this.contentType, this.index, this.headers);
	}

	ApiResponse withHeader(String name, String value) {
		Map<String, String> copy = new LinkedHashMap<>(this.headers);
		copy.put(name, value);
		return new ApiResponse(this.status, this.json, this.bytes, this.contentType, this.index, copy);
	}

	HttpResponseStatus status() {
		return this.status;
	}

	/** The query index, or -1 when the answer is not a query result. */
	long index() {
		return this.index;
	}

	String contentType() {
		return this.contentType;
	}

	Map<String, String> headers() {
		return this.headers;
	}

	/**
	 * The body bytes. The compact JSON form is written once and shared, since one change
	 * can answer many parked queries with the same response.
	 */
	byte[] body(boolean pretty) {
		if (this.json == null) {
			return this.bytes;
		}
		if (pretty) {
			return Json.write(this.json, true);
		}
		byte[] written = this.compact;
		if (written == null) {
			written = Json.write(this.json, false);
			this.compact = written;
		}
		return written;
	}

}
