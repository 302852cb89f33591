/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.util.StringUtils;

/**
 * Keys under which the request context of the work a thread is doing is kept in the SLF4J
 * MDC while a request (or a message) is handled, and the one helper that reads and sets
 * them. The MDC is the carrier inside a thread-per-request JVM: logs show the values for
 * free, outgoing HTTP calls and messages read them from there. Reactive code carries the
 * same keys in the Reactor context instead.
 */
public final class JunctionMdc {

	/** The version chosen at the edge ({@link JunctionHeaders#VERSION}). */
	public static final String VERSION = "junctionVersion";

	/** The correlation id ({@link JunctionHeaders#CORRELATION_ID}). */
	public static final String CORRELATION_ID = "correlationId";

	/** Where Micrometer Tracing keeps the current trace id. */
	public static final String TRACE_ID = "traceId";

	private JunctionMdc() {
	}

	/**
	 * The version chosen at the edge for the work this thread is doing, if any.
	 * @return the version, {@code null} when there is none (or it is blank)
	 */
	public static @Nullable String version() {
		return get(VERSION);
	}

	/**
	 * The correlation id of the work this thread is doing: an explicit one, else the
	 * trace id, else {@code null}.
	 * @return the correlation id or {@code null}
	 */
	public static @Nullable String correlationId() {
		String correlationId = get(CORRELATION_ID);
		return (correlationId != null) ? correlationId : traceId();
	}

	/**
	 * The current trace id, if tracing runs.
	 * @return the trace id or {@code null}
	 */
	public static @Nullable String traceId() {
		return get(TRACE_ID);
	}

	/**
	 * Puts values into the MDC until the returned scope is closed, which puts back what
	 * was there before. A {@code null} or blank value removes the key for the scope.
	 * @param values the values by key
	 * @return the scope to close when the work is done
	 */
	public static Scope open(Map<String, @Nullable String> values) {
		Map<String, @Nullable String> previous = new LinkedHashMap<>();
		values.forEach((key, value) -> {
			previous.put(key, MDC.get(key));
			set(key, value);
		});
		return () -> previous.forEach(JunctionMdc::set);
	}

	private static @Nullable String get(String key) {
		String value = MDC.get(key);
		return StringUtils.hasText(value) ? value : null;
	}

	private static void set(String key, @Nullable String value) {
		if (StringUtils.hasText(value)) {
			MDC.put(key, value);
		}
		else {
			MDC.remove(key);
		}
	}

	/**
	 * MDC values put for a piece of work; closing puts back the previous ones.
	 */
	@FunctionalInterface
	public interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
