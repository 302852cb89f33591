package dev.junction.starter.problems;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;

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
 * and where a body could not be read, without echoing parser internals; a
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
		String field = fieldOf(ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status,
				(field != null) ? "Field '" + field + "' has a value of the wrong type."
						: "The request body is missing or is not valid JSON.");
		problem.setTitle("Unreadable request body");
		if (field != null) {
			problem.setProperty("errors", Map.of(field, "has a value of the wrong type"));
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

	/** The JSON property whose value could not be converted, or null for broken JSON. */
	private static String fieldOf(HttpMessageNotReadableException ex) {
		if (ex.getCause() instanceof JacksonException jackson && !jackson.getPath().isEmpty()
				&& !(jackson instanceof tools.jackson.core.exc.StreamReadException)) {
			return jackson.getPath()
				.stream()
				.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
						: "[" + reference.getIndex() + "]")
				.collect(Collectors.joining("."));
		}
		return null;
	}

}
