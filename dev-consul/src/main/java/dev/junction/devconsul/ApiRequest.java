/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * A request as endpoints see it. spring-cloud-consul sends paths raw (commas, trailing
 * {@code /}, {@code :} inside check IDs), so the path is taken as it arrives and
 * percent-decoded exactly once; the query string is decoded like Go's
 * {@code url.ParseQuery}.
 */
final class ApiRequest {

	private final String method;

	private final String path;

	private final Map<String, List<String>> params;

	private final HttpHeaders headers;

	private final byte[] body;

	ApiRequest(String method, String path, Map<String, List<String>> params, HttpHeaders headers, byte[] body) {
		this.method = method;
		this.path = path;
		this.params = params;
		this.headers = headers;
		this.body = body;
	}

	static ApiRequest from(FullHttpRequest request) {
		String uri = request.uri();
		int fragment = uri.indexOf('#');
		if (fragment >= 0) {
			uri = uri.substring(0, fragment);
		}
		int question = uri.indexOf('?');
		String rawPath = (question >= 0) ? uri.substring(0, question) : uri;
		String rawQuery = (question >= 0) ? uri.substring(question + 1) : "";
		if (rawPath.startsWith("http://") || rawPath.startsWith("https://")) {
			int slash = rawPath.indexOf('/', rawPath.indexOf("//") + 2);
			rawPath = (slash >= 0) ? rawPath.substring(slash) : "/";
		}
		Map<String, List<String>> params = new LinkedHashMap<>();
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair, true);
			String value = (equals >= 0) ? decode(pair.substring(equals + 1), true) : "";
			params.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
		}
		byte[] body = ByteBufUtil.getBytes(request.content());
		return new ApiRequest(request.method().name(), decode(rawPath, false), params, request.headers(), body);
	}

	private static String decode(String text, boolean plusIsSpace) {
		if (text.indexOf('%') < 0 && !(plusIsSpace && text.indexOf('+') >= 0)) {
			return text;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < bytes.length; i++) {
			byte b = bytes[i];
			if (b == '%') {
				if (i + 2 >= bytes.length) {
					throw ApiException.badRequest("invalid URL escape " + ApiException.quote(text.substring(i)));
				}
				int high = Character.digit(bytes[i + 1], 16);
				int low = Character.digit(bytes[i + 2], 16);
				if (high < 0 || low < 0) {
					throw ApiException.badRequest("invalid URL escape "
							+ ApiException.quote(new String(bytes, i, 3, StandardCharsets.UTF_8)));
				}
				out.write((high << 4) + low);
				i += 2;
			}
			else {
				out.write((plusIsSpace && b == '+') ? ' ' : b);
			}
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	String method() {
		return this.method;
	}

	String path() {
		return this.path;
	}

	byte[] body() {
		return this.body;
	}

	String header(String name) {
		return this.headers.get(name);
	}

	boolean has(String name) {
		return this.params.containsKey(name);
	}

	/** The first value of a query parameter, {@code ""} for a bare one, else null. */
	String param(String name) {
		List<String> values = this.params.get(name);
		return (values != null) ? values.get(0) : null;
	}

	List<String> params(String name) {
		return this.params.getOrDefault(name, List.of());
	}

	/**
	 * The query parameters encoded as Go's {@code url.Values.Encode} writes them (names
	 * sorted, {@code QueryEscape}d), for messages that quote them as Consul does.
	 */
	String encodedQuery() {
		StringBuilder out = new StringBuilder();
		new TreeMap<>(this.params).forEach((name, values) -> values.forEach((value) -> {
			out.append((out.length() > 0) ? "&" : "").append(queryEscape(name)).append('=').append(queryEscape(value));
		}));
		return out.toString();
	}

	private static String queryEscape(String text) {
		StringBuilder out = new StringBuilder();
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xff);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
				out.append(c);
			}
			else if (c == ' ') {
				out.append('+');
			}
			else {
				out.append('%').append(String.format("%02X", b & 0xff));
			}
		}
		return out.toString();
	}

	/**
	 * What identifies the query apart from {@code index} and {@code wait}: queries with
	 * the same key get the same answer, so parked ones are evaluated once per change.
	 */
	String queryKey() {
		StringBuilder key = new StringBuilder(this.method).append(' ').append(this.path).append('?');
		this.params.forEach((name, values) -> {
			if (!name.equals("index") && !name.equals("wait")) {
				key.append(name).append('=').append(values).append('&');
			}
		});
		return key.append(" token=").append(token()).toString();
	}

	/**
	 * A boolean query parameter: absent is false, bare ({@code ?passing}) is true, else
	 * Go's {@code strconv.ParseBool} spelling.
	 */
	boolean flag(String name) {
		String value = param(name);
		if (value == null) {
			return false;
		}
		if (value.isEmpty()) {
			return true;
		}
		Boolean parsed = parseBool(value);
		if (parsed == null) {
			throw ApiException.badRequest("Invalid value for ?" + name);
		}
		return parsed;
	}

	static Boolean parseBool(String value) {
		return switch (value) {
			case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
			case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
			default -> null;
		};
	}

	/**
	 * The ACL token: {@code ?token=}, else {@code X-Consul-Token}, else
	 * {@code Authorization: Bearer}; empty when none (the anonymous token).
	 */
	String token() {
		String token = param("token");
		if (token != null && !token.isEmpty()) {
			return token;
		}
		token = header("X-Consul-Token");
		if (token != null && !token.isEmpty()) {
			return token;
		}
		String authorization = header("Authorization");
		if (authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
			return authorization.substring(7).trim();
		}
		return "";
	}

}
