/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.problems;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import dev.junction.starter.web.ControlCharacterException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;

/**
 * The field of a JSON request body that could not be read, and why, in words a client can
 * act on ({@code quantity}, {@code items[2].name}). {@code null} for a body that is not
 * JSON at all: the parser's own message would only echo its internals.
 *
 * @param field the path of the field
 * @param reason what is wrong with it
 */
record UnreadableField(String field, String reason) {

	static @Nullable UnreadableField of(@Nullable Throwable cause) {
		if (!(cause instanceof JacksonException jackson)) {
			return null;
		}
		if (jackson instanceof StreamReadException streamRead) {
			String reason = streamReadReason(streamRead);
			String field = (reason != null) ? pathOf(streamRead.processor()) : null;
			return (field != null) ? new UnreadableField(field, reason) : null;
		}
		if (jackson.getPath().isEmpty()) {
			return null;
		}
		return new UnreadableField(pathOf(jackson.getPath()), (jackson instanceof ControlCharacterException)
				? "contains a NUL or another control character" : "has a value of the wrong type");
	}

	/** Why a token could not be read, for the cases that are about one field. */
	private static @Nullable String streamReadReason(StreamReadException ex) {
		if (ex instanceof InputCoercionException) {
			return "has a number out of range";
		}
		// StreamReadFeature.STRICT_DUPLICATE_DETECTION has no exception type of its own
		String message = ex.getOriginalMessage();
		return (message != null && message.startsWith("Duplicate ")) ? "appears more than once" : null;
	}

	private static String pathOf(List<JacksonException.Reference> path) {
		StringBuilder field = new StringBuilder();
		for (JacksonException.Reference reference : path) {
			if (reference.getPropertyName() != null) {
				field.append((field.length() > 0) ? "." : "").append(reference.getPropertyName());
			}
			else {
				field.append('[').append(reference.getIndex()).append(']');
			}
		}
		return field.toString();
	}

	private static @Nullable String pathOf(@Nullable JsonParser parser) {
		if (parser == null) {
			return null;
		}
		Deque<String> segments = new ArrayDeque<>();
		for (TokenStreamContext context = parser.streamReadContext(); context != null
				&& !context.inRoot(); context = context.getParent()) {
			if (context.inObject() && context.currentName() != null) {
				segments.addFirst("." + context.currentName());
			}
			else if (context.inArray()) {
				segments.addFirst("[" + context.getCurrentIndex() + "]");
			}
		}
		String field = String.join("", segments);
		return field.isEmpty() ? null : (field.startsWith(".") ? field.substring(1) : field);
	}

}
