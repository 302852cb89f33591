/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.rollout;

import java.time.Duration;

import dev.junction.gateway.rollout.RolloutVerdict.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How one interval is judged from stable's and the canary's figures.
 */
class RolloutVerdictTests {

	private final RolloutSpec.Analysis analysis = new RolloutSpec.Analysis(Duration.ofSeconds(10), 50, 0.02, 0.01, 1.5,
			Duration.ofMillis(50), 1, 3);

	private Outcome judge(VersionFigures stable, VersionFigures canary) {
		return RolloutVerdict.judge(this.analysis, stable, canary).outcome();
	}

	@Test
	void aHealthyCanaryPasses() {
		assertThat(judge(new VersionFigures(900, 1, 20), new VersionFigures(100, 0, 22))).isEqualTo(Outcome.PASSED);
	}

	@Test
	void tooFewCanaryRequestsAreInconclusive() {
		assertThat(judge(new VersionFigures(900, 0, 20), new VersionFigures(49, 0, 20)))
			.isEqualTo(Outcome.INCONCLUSIVE);
	}

	@Test
	void figuresThatCouldNotBeReadAreInconclusiveNeverAPass() {
		RolloutVerdict verdict = RolloutVerdict.judge(this.analysis, null, null);
		assertThat(verdict.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
		assertThat(verdict.reason()).contains("could not be read");
	}

	@Test
	void anErrorRateAboveTheMaximumFails() {
		assertThat(judge(new VersionFigures(900, 0, 20), new VersionFigures(100, 3, 20))).isEqualTo(Outcome.FAILED);
		// at the maximum, and no worse than stable
		assertThat(judge(new VersionFigures(900, 18, 20), new VersionFigures(100, 2, 20))).isEqualTo(Outcome.PASSED);
	}

	@Test
	void anErrorRateAboveStablesByMoreThanTheIncreaseFails() {
		RolloutSpec.Analysis lenient = new RolloutSpec.Analysis(Duration.ofSeconds(10), 50, 0.5, 0.01, 1.5,
				Duration.ofMillis(50), 1, 3);
		assertThat(RolloutVerdict.judge(lenient, new VersionFigures(1000, 100, 20), new VersionFigures(100, 12, 20))
			.outcome()).isEqualTo(Outcome.FAILED);
		assertThat(RolloutVerdict.judge(lenient, new VersionFigures(1000, 100, 20), new VersionFigures(100, 11, 20))
			.outcome()).isEqualTo(Outcome.PASSED);
	}

	@Test
	void aSlowCanaryFailsButTheSlackSparesMillisecondNoise() {
		// 3 ms against 1 ms is a ratio of 3, but within 1 x 1.5 + 50 ms
		assertThat(judge(new VersionFigures(900, 0, 1), new VersionFigures(100, 0, 3))).isEqualTo(Outcome.PASSED);
		// 300 ms more: above 20 x 1.5 + 50 = 80 ms
		assertThat(judge(new VersionFigures(900, 0, 20), new VersionFigures(100, 0, 320))).isEqualTo(Outcome.FAILED);
	}

	@Test
	void withoutEnoughStableTrafficOnlyTheAbsoluteRateCounts() {
		assertThat(judge(new VersionFigures(0, 0, -1), new VersionFigures(100, 0, 500))).isEqualTo(Outcome.PASSED);
		assertThat(judge(new VersionFigures(0, 0, -1), new VersionFigures(100, 5, 20))).isEqualTo(Outcome.FAILED);
	}

}
