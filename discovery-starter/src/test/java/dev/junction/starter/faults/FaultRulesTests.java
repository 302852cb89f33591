/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.faults;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The fault document's contract: what it accepts, what it refuses whole and why, and how
 * the shares turn into faults.
 */
class FaultRulesTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static FaultRules parse(@Nullable String document) {
		return FaultRules.parse((document != null) ? document.getBytes(StandardCharsets.UTF_8) : null, json);
	}

	@Test
	void aWholeDocumentIsRead() {
		FaultRules rules = parse("""
				{"version": "v2", "abort": {"share": 0.1, "status": 503}, "delay": {"share": 0.5, "duration": "300ms"}}
				""");
		assertThat(rules).isEqualTo(new FaultRules("v2", 0.1, 503, 0.5, Duration.ofMillis(300)));
		assertThat(rules.appliesTo("v2")).isTrue();
		assertThat(rules.appliesTo("v1")).isFalse();
	}

	@Test
	void omittedMembersTakeTheirDefaults() {
		FaultRules rules = parse("{\"abort\": {\"share\": 1}}");
		assertThat(rules).isEqualTo(new FaultRules(null, 1, 500, 0, Duration.ZERO));
		assertThat(rules.appliesTo("any")).isTrue();
		assertThat(parse("{\"delay\": {\"share\": 0.2, \"duration\": \"2s\"}}").delay())
			.isEqualTo(Duration.ofSeconds(2));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					{}                                                     | give "abort", "delay" or both
					[]                                                     | expected a JSON object
					{"abort": {"share": 0.1}, "extra": 1}                   | unknown member "extra"
					{"abort": {"share": 0.1, "code": 500}}                  | unknown member "abort.code"
					{"abort": {"share": 1.5}}                               | abort.share must be a number from 0 to 1
					{"abort": {"share": "all"}}                             | abort.share must be a number from 0 to 1
					{"abort": {}}                                           | abort.share must be a number from 0 to 1
					{"abort": {"share": 0.1, "status": 200}}                | abort.status must be a whole number from 400 to 599
					{"abort": {"share": 0.1, "status": 500.5}}              | abort.status must be a whole number from 400 to 599
					{"delay": {"share": 0.1}}                               | delay.duration must be a string
					{"delay": {"share": 0.1, "duration": "1h"}}             | delay.duration must be whole milliseconds or seconds
					{"delay": {"share": 0.1, "duration": "61s"}}            | delay.duration must be at most 60s
					{"version": "", "abort": {"share": 0.1}}                | version must be a non-empty string
					{"version": 2, "abort": {"share": 0.1}}                 | version must be a non-empty string
					{"abort": 0.1}                                          | abort must be a JSON object
					{"abort": {"share": 0.1}                                | not valid JSON
					""")
	void anInvalidDocumentIsRefusedWholeSayingWhy(String document, String reason) {
		assertThatIllegalArgumentException().isThrownBy(() -> parse(document)).withMessageContaining(reason);
	}

	@Test
	void anEmptyOrOversizedValueIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> parse(null)).withMessageContaining("no value");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> parse("{\"version\": \"" + "v".repeat(5000) + "\", \"abort\": {\"share\": 1}}"))
			.withMessageContaining("more than 4096");
	}

	@Test
	void sharesDecideEachRequestIndependently() {
		FaultRules rules = new FaultRules(null, 0.25, 502, 0.5, Duration.ofMillis(100));
		// draws in order: delay, then abort
		Deque<Double> draws = new ArrayDeque<>(List.of(0.1, 0.9, 0.7, 0.2, 0.6, 0.6));
		FaultInjection injection = new FaultInjection(rules, "v1", draws::removeFirst);
		FaultInjection.Fault first = injection.next();
		assertThat(first).isNotNull();
		assertThat(first.delay()).isEqualTo(Duration.ofMillis(100));
		assertThat(first.abortStatus()).isZero();
		assertThat(first.marker()).isEqualTo("delay");
		FaultInjection.Fault second = injection.next();
		assertThat(second).isNotNull();
		assertThat(second.delay()).isZero();
		assertThat(second.abortStatus()).isEqualTo(502);
		assertThat(second.marker()).isEqualTo("abort");
		assertThat(injection.next()).isNull();
	}

	@Test
	void anotherVersionsInstanceInjectsNothing() {
		FaultInjection injection = new FaultInjection(new FaultRules("v2", 1, 500, 1, Duration.ofMillis(5)), "v1",
				() -> 0.0);
		assertThat(injection.next()).isNull();
	}

}
