/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.problems;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of a servlet app is an {@code application/problem+json} body (RFC 9457).
 * Spring MVC's defaults already cover 404, 405 and 415; this adds what a client needs to
 * fix its request: the fields that failed validation (as {@code errors}: field → message)
 * and the field of a body that could not be read (a value of the wrong type, a member
 * given twice, a control character), without echoing parser internals; a
 * unique-constraint violation is a 409. Registered as controller advice by
 * {@link ProblemsAutoConfiguration}; extend it to add an app's own exceptions.
 */

@RestControllerAdvice
public class JunctionProblemHandler extends ResponseEntityExceptionHandler {

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Map<String, String> errors = new TreeMap<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			errors.putIfAbsent(error.getField(), error.getDefaultMessage());
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "Invalid " + describe(errors) + ".");
		problem.setTitle("Invalid request");
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		UnreadableField unreadable = UnreadableField.of(ex.getCause());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				(unreadable != null) ? "Field '" + unreadable.field() + "' " + unreadable.reason() + "."
						: "The request body is missing or is not valid JSON.");
		problem.setTitle("Unreadable request body");
		if (unreadable != null) {
			problem.setProperty("errors", Map.of(unreadable.field(), unreadable.reason()));
		}
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@ExceptionHandler
	ProblemDetail handleDuplicateKey(DuplicateKeyException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"Another resource already has this unique value.");
		problem.setTitle("Conflict");
		return problem;
	}

	private static String describe(Map<String, String> errors) {
		return errors.entrySet()
			.stream()
			.map((error) -> "'" + error.getKey() + "' (" + error.getValue() + ")")
			.collect(Collectors.joining(", "));
	}

}
