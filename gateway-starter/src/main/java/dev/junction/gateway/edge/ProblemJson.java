/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The one way the gateway writes a problem body, whether WebFlux answers
 * ({@link ProblemErrorWebExceptionHandler}) or the HTTP server refuses a request before
 * WebFlux sees it ({@link ProtocolErrorProblemHandler}), so that both look alike:
 * {@code type}, {@code title}, {@code status}, {@code detail}, then any properties.
 */
final class ProblemJson {

	private static final JsonMapper json = JsonMapper.builder().build();

	private ProblemJson() {
	}

	static byte[] bytes(ProblemDetail problem) {
		return json.writeValueAsBytes(toMap(problem));
	}

	private static Map<String, Object> toMap(ProblemDetail problem) {
		Map<String, Object> map = new LinkedHashMap<>();
		URI type = problem.getType();
		if (type != null && !"about:blank".equals(type.toString())) {
			map.put("type", type.toString());
		}
		HttpStatus status = HttpStatus.resolve(problem.getStatus());
		map.put("title", (problem.getTitle() != null) ? problem.getTitle()
				: (status != null) ? status.getReasonPhrase() : "Error");
		map.put("status", problem.getStatus());
		if (problem.getDetail() != null) {
			map.put("detail", problem.getDetail());
		}
		if (problem.getProperties() != null) {
			problem.getProperties().forEach(map::putIfAbsent);
		}
		return map;
	}

}
