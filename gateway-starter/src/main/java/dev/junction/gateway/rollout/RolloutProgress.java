/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.junction.gateway.rollout.RolloutStatus.Event;
import dev.junction.gateway.rollout.RolloutStatus.Phase;

/**
 * The rules of a rollout, as pure functions from a status (and a verdict, the time or an
 * action) to the next status; the controller applies their weight to the policy and
 * writes them. Keeping them free of I/O lets a fake clock test every transition.
 * <ul>
 * <li>A step holds its weight for its pause <em>and</em> until at least one analysis in
 * it passed: a rollout never advances, let alone promotes, on inconclusive figures
 * alone.</li>
 * <li>More than {@code failureLimit} failed analyses roll back (weight 0; the canary
 * version stays in the policy, so header and cookie overrides still reach it for
 * debugging).</li>
 * <li>More than {@code inconclusiveLimit} inconclusive analyses in a row pause.</li>
 * <li>Passing the last step's pause promotes: the canary version becomes stable.</li>
 * <li>Actions: pause, resume (the step's pause starts again), abort (= roll back now),
 * promote (skip the remaining steps).</li>
 * </ul>
 */
public final class RolloutProgress {

	private static final String STOPPED = "stopped: its spec was deleted";

	private RolloutProgress() {
	}

	/**
	 * The actions a person can take.
	 */
	public enum Action {

		/** Hold the rollout at its step. */
		PAUSE,

		/** Go on from a pause. */
		RESUME,

		/** Roll back now. */
		ABORT,

		/** Promote now, skipping the remaining steps. */
		PROMOTE

	}

	/**
	 * A new rollout at its first step.
	 * @param spec the spec
	 * @param specIndex the spec's {@code ModifyIndex}
	 * @param now the time
	 * @return the status
	 */
	public static RolloutStatus start(RolloutSpec spec, long specIndex, Instant now) {
		int weight = spec.weight(0);
		Event started = new Event(now, "Started", 0, weight,
				"rollout of " + spec.canaryVersion() + " started at weight " + weight);
		return new RolloutStatus(Phase.Progressing, spec.canaryVersion(), specIndex, 0, weight,
				"started at step 0 (weight " + weight + ")", now, now, 0, 0, 0, now, null, List.of(started));
	}

	/**
	 * Takes the verdict on one interval.
	 * @param spec the spec
	 * @param status the status
	 * @param intervalEnd the end of the judged interval
	 * @param verdict the verdict
	 * @param now the time
	 * @return the next status
	 */
	public static RolloutStatus afterAnalysis(RolloutSpec spec, RolloutStatus status, Instant intervalEnd,
			RolloutVerdict verdict, Instant now) {
		if (status.phase() != Phase.Progressing || !intervalEnd.isAfter(status.analyzedUntil())) {
			return status;
		}
		Event judged = new Event(now, verdict.outcome().label(), status.step(), status.weight(), verdict.reason());
		RolloutSpec.Analysis analysis = spec.analysis();
		return switch (verdict.outcome()) {
			case PASSED -> status.with(Phase.Progressing, status.step(), status.weight(), status.reason(), now,
					status.stepStartedAt(), status.failures(), 0, status.passedInStep() + 1, intervalEnd, verdict,
					judged);
			case FAILED -> {
				int failures = status.failures() + 1;
				RolloutStatus counted = status.with(Phase.Progressing, status.step(), status.weight(), status.reason(),
						now, status.stepStartedAt(), failures, 0, status.passedInStep(), intervalEnd, verdict, judged);
				yield (failures > analysis.failureLimit())
						? rollBack(counted, failures + " failed analyses, more than failureLimit "
								+ analysis.failureLimit() + "; last: " + verdict.reason(), now)
						: counted;
			}
			case INCONCLUSIVE -> {
				int inARow = status.inconclusiveInRow() + 1;
				RolloutStatus counted = status.with(Phase.Progressing, status.step(), status.weight(), status.reason(),
						now, status.stepStartedAt(), status.failures(), inARow, status.passedInStep(), intervalEnd,
						verdict, judged);
				if (inARow > analysis.inconclusiveLimit()) {
					String reason = inARow + " inconclusive analyses in a row, more than inconclusiveLimit "
							+ analysis.inconclusiveLimit() + "; last: " + verdict.reason();
					yield counted.with(Phase.Paused, counted.step(), counted.weight(), reason, now,
							counted.stepStartedAt(), counted.failures(), inARow, counted.passedInStep(), intervalEnd,
							verdict, new Event(now, "Paused", counted.step(), counted.weight(), reason));
				}
				yield counted;
			}
		};
	}

	/**
	 * Moves on when the step's time is up.
	 * @param spec the spec
	 * @param status the status
	 * @param now the time
	 * @return the next status (the same when nothing is due)
	 */
	public static RolloutStatus advance(RolloutSpec spec, RolloutStatus status, Instant now) {
		if (status.phase() != Phase.Progressing) {
			return status;
		}
		Duration pause = spec.steps().get(status.step()).pause();
		if (now.isBefore(status.stepStartedAt().plus(pause)) || status.passedInStep() < 1) {
			return status;
		}
		int next = status.step() + 1;
		if (next >= spec.steps().size()) {
			return promote(status, "the last step (weight " + status.weight() + ") passed", now);
		}
		int weight = spec.weight(next);
		String reason = "step " + status.step() + " passed; step " + next + " at weight " + weight;
		return status.with(Phase.Progressing, next, weight, reason, now, now, status.failures(), 0, 0,
				status.analyzedUntil(), status.lastVerdict(), new Event(now, "Step", next, weight, reason));
	}

	/**
	 * Applies an action.
	 * @param status the status
	 * @param action the action
	 * @param now the time
	 * @return the next status
	 * @throws IllegalStateException when the action does not apply to the phase
	 */
	public static RolloutStatus act(RolloutStatus status, Action action, Instant now) {
		if (status.phase().isFinal()) {
			throw new IllegalStateException("the rollout is " + status.phase() + ": write a new spec to start another");
		}
		return switch (action) {
			case PAUSE -> {
				if (status.phase() == Phase.Paused) {
					throw new IllegalStateException("the rollout is already paused");
				}
				String reason = "paused by a person at step " + status.step();
				yield status.with(Phase.Paused, status.step(), status.weight(), reason, now, status.stepStartedAt(),
						status.failures(), status.inconclusiveInRow(), status.passedInStep(), status.analyzedUntil(),
						status.lastVerdict(), new Event(now, "Paused", status.step(), status.weight(), reason));
			}
			case RESUME -> {
				if (status.phase() != Phase.Paused) {
					throw new IllegalStateException("only a paused rollout resumes; this one is " + status.phase());
				}
				String reason = "resumed at step " + status.step() + "; its pause starts again";
				yield status.with(Phase.Progressing, status.step(), status.weight(), reason, now, now,
						status.failures(), 0, 0, status.analyzedUntil(), status.lastVerdict(),
						new Event(now, "Resumed", status.step(), status.weight(), reason));
			}
			case ABORT -> rollBack(status, "aborted by a person at step " + status.step(), now);
			case PROMOTE -> promote(status, "promoted by a person at step " + status.step(), now);
		};
	}

	/**
	 * The rollout's spec was deleted: it stops where it is, {@code Paused}, with the
	 * policy left as it is; a new spec starts another.
	 * @param status the rollout's status
	 * @param now the time
	 * @return the stopped status
	 */
	public static RolloutStatus stop(RolloutStatus status, Instant now) {
		String reason = STOPPED + " at step " + status.step() + " (weight " + status.weight()
				+ "); the policy stays as it is. Write a new spec to start another rollout";
		return status.with(Phase.Paused, status.step(), status.weight(), reason, now, status.stepStartedAt(),
				status.failures(), status.inconclusiveInRow(), status.passedInStep(), status.analyzedUntil(),
				status.lastVerdict(), new Event(now, "Stopped", status.step(), status.weight(), reason));
	}

	/**
	 * Whether a status is one {@link #stop} wrote.
	 * @param status the status
	 * @return {@code true} when its rollout was stopped by deleting its spec
	 */
	public static boolean isStopped(RolloutStatus status) {
		return status.phase() == Phase.Paused && status.reason().startsWith(STOPPED);
	}

	private static RolloutStatus rollBack(RolloutStatus status, String reason, Instant now) {
		return status.with(Phase.RolledBack, status.step(), 0, reason, now, status.stepStartedAt(), status.failures(),
				status.inconclusiveInRow(), status.passedInStep(), status.analyzedUntil(), status.lastVerdict(),
				new Event(now, "RolledBack", status.step(), 0, reason));
	}

	private static RolloutStatus promote(RolloutStatus status, String reason, Instant now) {
		return status.with(Phase.Promoted, status.step(), 100, reason, now, status.stepStartedAt(), status.failures(),
				status.inconclusiveInRow(), status.passedInStep(), status.analyzedUntil(), status.lastVerdict(),
				new Event(now, "Promoted", status.step(), 100, reason));
	}

}
