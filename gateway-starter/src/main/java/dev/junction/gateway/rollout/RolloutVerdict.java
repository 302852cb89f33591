/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.rollout;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The judgement of one analysis interval, with the figures it was made from.
 *
 * @param outcome passed, failed or inconclusive
 * @param reason why, in words an operator reads in the status and on the console
 * @param stable stable's figures
 * @param canary the canary's figures
 */
public record RolloutVerdict(Outcome outcome, String reason, VersionFigures stable, VersionFigures canary) {

	/**
	 * What an analysis can conclude.
	 */
	public enum Outcome {

		/** The canary did as well as the spec asks. */
		PASSED,

		/** The canary did worse than the spec allows. */
		FAILED,

		/** Too little canary traffic, or figures that could not be read. */
		INCONCLUSIVE;

		/**
		 * The outcome as the status document writes it.
		 * @return e.g. {@code Passed}
		 */
		public String label() {
			String name = name().toLowerCase(Locale.ROOT);
			return Character.toUpperCase(name.charAt(0)) + name.substring(1);
		}

	}

	/**
	 * Judges one interval.
	 * @param analysis the spec's rules
	 * @param stable stable's figures, {@code null} when they could not be read
	 * @param canary the canary's figures, {@code null} when they could not be read
	 * @return the verdict
	 */
	public static RolloutVerdict judge(RolloutSpec.Analysis analysis, @Nullable VersionFigures stable,
			@Nullable VersionFigures canary) {
		if (stable == null || canary == null) {
			return new RolloutVerdict(Outcome.INCONCLUSIVE, "the interval's figures could not be read",
					(stable != null) ? stable : VersionFigures.NONE, (canary != null) ? canary : VersionFigures.NONE);
		}
		if (canary.requests() < analysis.minRequests()) {
			return new RolloutVerdict(Outcome.INCONCLUSIVE, "the canary had " + canary.requests()
					+ " request(s), fewer than minRequests " + analysis.minRequests(), stable, canary);
		}
		if (canary.errorRate() > analysis.maxErrorRate()) {
			return new RolloutVerdict(Outcome.FAILED,
					String.format(Locale.ROOT, "the canary's error rate %.4f is above maxErrorRate %.4f (%d of %d)",
							canary.errorRate(), analysis.maxErrorRate(), canary.errors(), canary.requests()),
					stable, canary);
		}
		boolean stableCounts = stable.requests() >= analysis.minRequests();
		if (stableCounts && canary.errorRate() - stable.errorRate() > analysis.maxErrorRateIncrease()) {
			return new RolloutVerdict(Outcome.FAILED,
					String.format(Locale.ROOT,
							"the canary's error rate %.4f exceeds stable's %.4f by more than maxErrorRateIncrease %.4f",
							canary.errorRate(), stable.errorRate(), analysis.maxErrorRateIncrease()),
					stable, canary);
		}
		if (stableCounts && stable.p95Millis() >= 0 && canary.p95Millis() >= 0) {
			double allowed = stable.p95Millis() * analysis.maxLatencyRatio() + analysis.latencySlack().toMillis();
			if (canary.p95Millis() > allowed) {
				return new RolloutVerdict(Outcome.FAILED,
						String.format(Locale.ROOT, "the canary's p95 %.1f ms is above stable's %.1f ms x %.2f + %d ms",
								canary.p95Millis(), stable.p95Millis(), analysis.maxLatencyRatio(),
								analysis.latencySlack().toMillis()),
						stable, canary);
			}
		}
		return new RolloutVerdict(Outcome.PASSED,
				stableCounts ? "the canary's errors and latency are within the spec's limits"
						: "the canary's errors are within maxErrorRate (too little stable traffic to compare with)",
				stable, canary);
	}

}
