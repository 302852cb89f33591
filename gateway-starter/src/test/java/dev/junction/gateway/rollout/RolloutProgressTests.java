/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.junction.gateway.rollout.RolloutProgress.Action;
import dev.junction.gateway.rollout.RolloutStatus.Event;
import dev.junction.gateway.rollout.RolloutStatus.Phase;
import dev.junction.gateway.rollout.RolloutVerdict.Outcome;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Every transition of a rollout, on a fake clock: steps advance only after their pause
 * and a passed analysis, failures roll back, inconclusive runs pause, the last step
 * promotes, and the actions do what their names say. The status survives a round trip
 * through its JSON, which is how a new leader picks it up.
 */
class RolloutProgressTests {

	private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");

	private final RolloutSpec spec = new RolloutSpec("v2", List.of(new RolloutSpec.Step(10, Duration.ofSeconds(30)),
			new RolloutSpec.Step(50, Duration.ofSeconds(30)), new RolloutSpec.Step(100, Duration.ofSeconds(30))),
			RolloutSpec.Analysis.DEFAULTS);

	private static RolloutVerdict verdict(Outcome outcome) {
		return new RolloutVerdict(outcome, outcome.label(), new VersionFigures(900, 0, 20),
				new VersionFigures(100, 0, 20));
	}

	private static Instant at(int seconds) {
		return T0.plusSeconds(seconds);
	}

	private RolloutStatus analysed(RolloutStatus status, int seconds, Outcome outcome) {
		return RolloutProgress.afterAnalysis(this.spec, status, at(seconds), verdict(outcome), at(seconds));
	}

	@Test
	void aHealthyRolloutGoesThroughEveryStepAndPromotes() {
		RolloutStatus status = RolloutProgress.start(this.spec, 7, T0);
		assertThat(status.phase()).isEqualTo(Phase.Progressing);
		assertThat(status.weight()).isEqualTo(10);
		int second = 0;
		for (int step = 0; step < 3; step++) {
			for (int interval = 0; interval < 3; interval++) {
				second += 10;
				status = analysed(status, second, Outcome.PASSED);
				status = RolloutProgress.advance(this.spec, status, at(second));
			}
			assertThat(status.step()).as("after step %d", step).isEqualTo(Math.min(step + 1, 2));
		}
		assertThat(status.phase()).isEqualTo(Phase.Promoted);
		assertThat(status.history()).extracting(Event::event)
			.containsSubsequence("Started", "Passed", "Step", "Passed", "Step", "Passed", "Promoted");
		assertThat(status.history()).filteredOn((event) -> event.event().equals("Step"))
			.extracting(Event::weight)
			.containsExactly(50, 100);
	}

	@Test
	void aStepWaitsForItsPauseAndForAPassedAnalysis() {
		RolloutStatus status = RolloutProgress.start(this.spec, 7, T0);
		status = analysed(status, 10, Outcome.PASSED);
		assertThat(RolloutProgress.advance(this.spec, status, at(29)).step()).isZero();
		assertThat(RolloutProgress.advance(this.spec, status, at(30)).step()).isEqualTo(1);
		RolloutStatus unjudged = RolloutProgress.start(this.spec, 7, T0);
		unjudged = analysed(unjudged, 10, Outcome.INCONCLUSIVE);
		assertThat(RolloutProgress.advance(this.spec, unjudged, at(300)).step()).as("no passed analysis").isZero();
	}

	@Test
	void moreFailedAnalysesThanTheLimitRollBack() {
		RolloutStatus status = RolloutProgress.start(this.spec, 7, T0);
		status = analysed(status, 10, Outcome.FAILED);
		assertThat(status.phase()).as("one failure is within failureLimit 1").isEqualTo(Phase.Progressing);
		status = analysed(status, 20, Outcome.FAILED);
		assertThat(status.phase()).isEqualTo(Phase.RolledBack);
		assertThat(status.weight()).isZero();
		assertThat(status.reason()).contains("2 failed analyses, more than failureLimit 1");
		assertThat(analysed(status, 30, Outcome.PASSED)).as("a final phase takes no more verdicts").isEqualTo(status);
	}

	@Test
	void moreInconclusiveAnalysesInARowThanTheLimitPause() {
		RolloutStatus status = RolloutProgress.start(this.spec, 7, T0);
		for (int i = 1; i <= 3; i++) {
			status = analysed(status, i * 10, Outcome.INCONCLUSIVE);
		}
		assertThat(status.phase()).isEqualTo(Phase.Progressing);
		status = analysed(status, 40, Outcome.PASSED);
		assertThat(status.inconclusiveInRow()).as("a pass breaks the row").isZero();
		for (int i = 5; i <= 8; i++) {
			status = analysed(status, i * 10, Outcome.INCONCLUSIVE);
		}
		assertThat(status.phase()).isEqualTo(Phase.Paused);
		assertThat(status.reason()).contains("4 inconclusive analyses in a row");
		assertThat(RolloutProgress.advance(this.spec, status, at(600)).step()).as("paused: no step").isZero();
	}

	@Test
	void anIntervalIsJudgedOnceEvenWhenANewLeaderSeesItAgain() {
		RolloutStatus status = analysed(RolloutProgress.start(this.spec, 7, T0), 10, Outcome.FAILED);
		assertThat(analysed(status, 10, Outcome.FAILED)).isEqualTo(status);
	}

	@Test
	void actionsPauseResumeAbortAndPromote() {
		RolloutStatus status = analysed(RolloutProgress.start(this.spec, 7, T0), 10, Outcome.PASSED);
		RolloutStatus paused = RolloutProgress.act(status, Action.PAUSE, at(15));
		assertThat(paused.phase()).isEqualTo(Phase.Paused);
		assertThatIllegalStateException().isThrownBy(() -> RolloutProgress.act(paused, Action.PAUSE, at(16)));
		RolloutStatus resumed = RolloutProgress.act(paused, Action.RESUME, at(100));
		assertThat(resumed.phase()).isEqualTo(Phase.Progressing);
		assertThat(RolloutProgress.advance(this.spec, analysed(resumed, 110, Outcome.PASSED), at(120)).step())
			.as("the pause starts again on resume")
			.isZero();
		RolloutStatus aborted = RolloutProgress.act(resumed, Action.ABORT, at(121));
		assertThat(aborted.phase()).isEqualTo(Phase.RolledBack);
		assertThat(aborted.weight()).isZero();
		assertThatIllegalStateException().isThrownBy(() -> RolloutProgress.act(aborted, Action.RESUME, at(122)))
			.withMessageContaining("write a new spec");
		RolloutStatus promoted = RolloutProgress.act(status, Action.PROMOTE, at(16));
		assertThat(promoted.phase()).isEqualTo(Phase.Promoted);
		assertThat(promoted.reason()).contains("promoted by a person");
	}

	@Test
	void theHistoryIsBounded() {
		RolloutStatus status = RolloutProgress.start(this.spec, 7, T0);
		for (int i = 1; i <= 200; i++) {
			status = analysed(status, i, (i % 2 == 0) ? Outcome.PASSED : Outcome.INCONCLUSIVE);
		}
		assertThat(status.history()).hasSize(RolloutStatus.HISTORY);
		assertThat(status.history().get(RolloutStatus.HISTORY - 1).at()).isEqualTo(at(200));
	}

	@Test
	void theStatusSurvivesItsJson() {
		JsonMapper json = JsonMapper.builder().build();
		RolloutStatus status = analysed(RolloutProgress.start(this.spec, 7, T0), 10, Outcome.PASSED);
		status = RolloutProgress.advance(this.spec, status, at(30));
		RolloutStatus read = RolloutStatus.fromJson(status.toJson(json), json);
		assertThat(read).isEqualTo(status);
		assertThat(new String(status.toJson(json))).contains("\"phase\":\"Progressing\"")
			.contains("\"step\":1")
			.contains("\"weight\":50")
			.contains("\"lastAnalysis\":{\"verdict\":\"Passed\"");
	}

}
