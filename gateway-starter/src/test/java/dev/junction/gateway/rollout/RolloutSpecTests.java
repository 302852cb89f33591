/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.rollout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The rollout spec's contract: the documented example is read as written, omitted
 * analysis members take the stated defaults, and anything else is refused whole with a
 * reason.
 */
class RolloutSpecTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static RolloutSpec parse(String document) {
		return RolloutSpec.parse(document.getBytes(StandardCharsets.UTF_8), json);
	}

	@Test
	void theDocumentedExampleIsReadAsWritten() {
		RolloutSpec spec = parse(
				"""
						{
						  "canaryVersion": "v2",
						  "steps": [ {"weight": 10, "pause": "30s"}, {"weight": 50, "pause": "30s"}, {"weight": 100, "pause": "30s"} ],
						  "analysis": {
						    "interval": "10s",
						    "minRequests": 50,
						    "maxErrorRate": 0.02,
						    "maxErrorRateIncrease": 0.01,
						    "maxLatencyRatio": 1.5,
						    "failureLimit": 1,
						    "inconclusiveLimit": 3
						  }
						}
						""");
		assertThat(spec.canaryVersion()).isEqualTo("v2");
		assertThat(spec.steps()).extracting(RolloutSpec.Step::weight).containsExactly(10, 50, 100);
		assertThat(spec.steps()).extracting(RolloutSpec.Step::pause).containsOnly(Duration.ofSeconds(30));
		assertThat(spec.analysis()).isEqualTo(RolloutSpec.Analysis.DEFAULTS);
	}

	@Test
	void omittedAnalysisMembersTakeTheirDefaults() {
		RolloutSpec spec = parse("""
				{"canaryVersion": "v2", "steps": [{"weight": 100, "pause": "1m"}],
				 "analysis": {"interval": "5s", "latencySlack": "20ms"}}
				""");
		assertThat(spec.steps().get(0).pause()).isEqualTo(Duration.ofMinutes(1));
		assertThat(spec.analysis().interval()).isEqualTo(Duration.ofSeconds(5));
		assertThat(spec.analysis().latencySlack()).isEqualTo(Duration.ofMillis(20));
		assertThat(spec.analysis().minRequests()).isEqualTo(50);
		assertThat(spec.analysis().failureLimit()).isEqualTo(1);
		assertThat(parse("{\"canaryVersion\": \"v2\", \"steps\": [{\"weight\": 5, \"pause\": \"10s\"}]}").analysis())
			.isEqualTo(RolloutSpec.Analysis.DEFAULTS);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					{"steps": [{"weight": 10, "pause": "10s"}]}                                       | canaryVersion must be a version string
					{"canaryVersion": "v 2", "steps": [{"weight": 10, "pause": "10s"}]}               | canaryVersion must be a version string
					{"canaryVersion": "v2"}                                                           | steps must be a non-empty array
					{"canaryVersion": "v2", "steps": []}                                              | steps must be a non-empty array
					{"canaryVersion": "v2", "steps": [{"weight": 0, "pause": "10s"}]}                 | steps[0].weight must be a whole number from 1 to 100
					{"canaryVersion": "v2", "steps": [{"weight": 101, "pause": "10s"}]}               | steps[0].weight must be a whole number from 1 to 100
					{"canaryVersion": "v2", "steps": [{"weight": 50, "pause": "10s"}, {"weight": 20, "pause": "10s"}]} | steps[1].weight must be above the step before's (50)
					{"canaryVersion": "v2", "steps": [{"weight": 10}]}                                | steps[0].pause must be a duration
					{"canaryVersion": "v2", "steps": [{"weight": 10, "pause": "soon"}]}               | steps[0].pause must be a whole number of ms, s, m or h
					{"canaryVersion": "v2", "steps": [{"weight": 10, "pause": "10s", "x": 1}]}        | unknown member "steps[0].x"
					{"canaryVersion": "v2", "steps": [{"weight": 10, "pause": "10s"}], "extra": true} | unknown member "extra"
					{"canaryVersion": "v2", "steps": [{"weight": 10, "pause": "10s"}], "analysis": {"interval": "500ms"}} | analysis.interval must be at least 1s
					{"canaryVersion": "v2", "steps": [{"weight": 10, "pause": "10s"}], "analysis": {"maxErrorRate": 2}}   | analysis.maxErrorRate must be a number from 0 to 1
					{"canaryVersion": "v2", "steps": [{"weight": 10, "pause": "10s"}], "analysis": {"maxLatencyRatio": 0.5}} | analysis.maxLatencyRatio must be a number from 1 to 100
					{"canaryVersion": "v2", "steps": [{"weight": 10, "pause": "10s"}], "analysis": {"minRequests": 1.5}}  | analysis.minRequests must be a whole number
					{"canaryVersion": "v2", "steps": [{"weight": 10, "pause": "10s"}], "analysis": {"failureLimit": -1}}  | analysis.failureLimit must be a whole number from 0
					{"canaryVersion": "v2", "steps": [{"weight": 10, "pause": "10s"}], "analysis": {"typo": 1}}           | unknown member "analysis.typo"
					[1, 2]                                                                            | expected a JSON object
					""")
	void anInvalidSpecIsRefusedWholeSayingWhy(String document, String reason) {
		assertThatIllegalArgumentException().isThrownBy(() -> parse(document)).withMessageContaining(reason);
	}

}
