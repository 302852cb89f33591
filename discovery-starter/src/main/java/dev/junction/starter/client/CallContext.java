/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import dev.junction.starter.CorrelationIds;
import dev.junction.starter.JunctionHeaders;
import dev.junction.starter.JunctionMdc;
import dev.junction.starter.JunctionVersions;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

import org.springframework.util.StringUtils;

/**
 * The values a call carries on from the request (or message) being handled: the version
 * chosen at the edge and the correlation id. Inside a thread-per-request app they live in
 * the MDC (where logs and the messaging part find them too); in a reactive app in the
 * Reactor context, under the same keys.
 *
 * @param version the version chosen at the edge, if any
 * @param correlationId the correlation id, if any
 */
record CallContext(@Nullable String version, @Nullable String correlationId) {

	/**
	 * The context of an incoming request: its headers, checked by {@link CorrelationIds}
	 * and {@link JunctionVersions}, with a correlation id started when it brings none
	 * (the current trace id when tracing runs, else a random one) or one that breaks the
	 * rule, and no version when its version breaks the rule.
	 */
	static CallContext incoming(@Nullable String versionHeader, @Nullable String correlationHeader) {
		String correlationId = text(correlationHeader);
		if (correlationId == null && CorrelationIds.isAcceptable(JunctionMdc.traceId())) {
			correlationId = JunctionMdc.traceId();
		}
		return new CallContext(JunctionVersions.sanitize(versionHeader), CorrelationIds.sanitize(correlationId));
	}

	/** The context of the work the current thread does. */
	static CallContext fromMdc() {
		return new CallContext(JunctionMdc.version(), JunctionMdc.correlationId());
	}

	/** The context of a reactive pipeline, else of the subscribing thread. */
	static CallContext from(ContextView context) {
		if (context.hasKey(JunctionMdc.VERSION) || context.hasKey(JunctionMdc.CORRELATION_ID)) {
			return new CallContext(context.<String>getOrEmpty(JunctionMdc.VERSION).orElse(null),
					context.<String>getOrEmpty(JunctionMdc.CORRELATION_ID).orElse(null));
		}
		return fromMdc();
	}

	/**
	 * The values as MDC entries ({@code null} for a value it does not have).
	 * @return the entries by MDC key
	 */
	Map<String, @Nullable String> toMdc() {
		Map<String, @Nullable String> values = new LinkedHashMap<>();
		values.put(JunctionMdc.VERSION, this.version);
		values.put(JunctionMdc.CORRELATION_ID, this.correlationId);
		return values;
	}

	/**
	 * Writes the values as outgoing headers, leaving those the caller set explicitly.
	 * @param existing whether the outgoing request already has a header
	 * @param setter how to set one
	 */
	void writeTo(Predicate<String> existing, BiConsumer<String, String> setter) {
		if (this.version != null && !existing.test(JunctionHeaders.VERSION)) {
			setter.accept(JunctionHeaders.VERSION, this.version);
		}
		if (this.correlationId != null && !existing.test(JunctionHeaders.CORRELATION_ID)) {
			setter.accept(JunctionHeaders.CORRELATION_ID, this.correlationId);
		}
	}

	private static @Nullable String text(@Nullable String value) {
		return StringUtils.hasText(value) ? value : null;
	}

}
