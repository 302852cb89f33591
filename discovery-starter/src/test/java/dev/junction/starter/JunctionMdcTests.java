/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

class JunctionMdcTests {

	@AfterEach
	void clear() {
		MDC.clear();
	}

	@Test
	void aScopePutsItsValuesAndPutsBackWhatWasThereBefore() {
		MDC.put(JunctionMdc.VERSION, "v1");
		MDC.put(JunctionMdc.CORRELATION_ID, "outer");
		Map<String, @Nullable String> values = new HashMap<>();
		values.put(JunctionMdc.VERSION, null);
		values.put(JunctionMdc.CORRELATION_ID, "inner");
		values.put("messageId", "m-1");
		try (JunctionMdc.Scope scope = JunctionMdc.open(values)) {
			assertThat(MDC.get(JunctionMdc.VERSION)).as("a value the work does not have is removed").isNull();
			assertThat(JunctionMdc.correlationId()).isEqualTo("inner");
			assertThat(MDC.get("messageId")).isEqualTo("m-1");
		}
		assertThat(JunctionMdc.version()).isEqualTo("v1");
		assertThat(JunctionMdc.correlationId()).isEqualTo("outer");
		assertThat(MDC.get("messageId")).isNull();
	}

	@Test
	void theCorrelationIdIsTheTraceIdWhenThereIsNoneAndBlankValuesCountAsNone() {
		MDC.put(JunctionMdc.TRACE_ID, "trace-1");
		MDC.put(JunctionMdc.CORRELATION_ID, " ");
		MDC.put(JunctionMdc.VERSION, "");
		assertThat(JunctionMdc.correlationId()).isEqualTo("trace-1");
		assertThat(JunctionMdc.version()).isNull();
	}

}
