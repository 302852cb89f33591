/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.rollout;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a rollout stands, as the controller writes it to
 * {@code junction/rollouts-status/<service>} (only the controller writes it): the phase,
 * step and weight, why the phase last changed, the figures of the last analysis, the
 * counters the next decisions need, and a bounded history of verdicts and phase changes.
 * A controller that takes over reads it and goes on from there, so no step is skipped or
 * repeated.
 *
 * @param phase the phase
 * @param canaryVersion the version rolled out
 * @param specIndex the {@code ModifyIndex} of the spec this rollout runs (a new spec
 * write starts a new rollout)
 * @param step the index of the current step
 * @param weight the canary weight the policy has
 * @param reason why the phase last changed
 * @param updatedAt when this status was written
 * @param stepStartedAt when the current step began (or was resumed)
 * @param failures failed analyses so far
 * @param inconclusiveInRow inconclusive analyses in a row
 * @param passedInStep passed analyses in the current step
 * @param analyzedUntil the end of the last interval judged
 * @param lastVerdict the last analysis, {@code null} before the first
 * @param history the latest {@value #HISTORY} events, oldest first
 */
public record RolloutStatus(Phase phase, String canaryVersion, long specIndex, int step, int weight, String reason,
		Instant updatedAt, Instant stepStartedAt, int failures, int inconclusiveInRow, int passedInStep,
		Instant analyzedUntil, @Nullable RolloutVerdict lastVerdict, List<Event> history) {

	/** How many events the history keeps. */
	public static final int HISTORY = 50;

	/**
	 * The phases of a rollout, as the status document writes them.
	 */
	public enum Phase {

		/** Steps advance while analyses pass. */
		Progressing,

		/** Held at its step: too many inconclusive analyses, or paused by a person. */
		Paused,

		/** The canary version became the stable version. */
		Promoted,

		/** The canary's weight went back to 0. */
		RolledBack;

		/**
		 * Whether the rollout is over.
		 * @return {@code true} for promoted and rolled back
		 */
		public boolean isFinal() {
			return this == Promoted || this == RolledBack;
		}

	}

	/**
	 * One entry of the history.
	 *
	 * @param at when
	 * @param event e.g. {@code Started}, {@code Step}, {@code Passed}, {@code Failed},
	 * {@code Inconclusive}, {@code Paused}, {@code Resumed}, {@code Promoted},
	 * {@code RolledBack}
	 * @param step the step at the time
	 * @param weight the weight at the time
	 * @param detail what happened, in words
	 */
	public record Event(Instant at, String event, int step, int weight, String detail) {
	}

	RolloutStatus with(Phase phase, int step, int weight, String reason, Instant now, Instant stepStartedAt,
			int failures, int inconclusiveInRow, int passedInStep, Instant analyzedUntil,
			@Nullable RolloutVerdict lastVerdict, @Nullable Event event) {
		List<Event> events = new ArrayList<>(this.history);
		if (event != null) {
			events.add(event);
		}
		while (events.size() > HISTORY) {
			events.remove(0);
		}
		return new RolloutStatus(phase, this.canaryVersion, this.specIndex, step, weight, reason, now, stepStartedAt,
				failures, inconclusiveInRow, passedInStep, analyzedUntil, lastVerdict, List.copyOf(events));
	}

	/**
	 * The status as JSON.
	 * @param mapper the JSON mapper
	 * @return the document's bytes
	 */
	public byte[] toJson(JsonMapper mapper) {
		ObjectNode root = mapper.createObjectNode();
		root.put("phase", this.phase.name());
		root.put("canaryVersion", this.canaryVersion);
		root.put("specIndex", this.specIndex);
		root.put("step", this.step);
		root.put("weight", this.weight);
		root.put("reason", this.reason);
		root.put("updatedAt", this.updatedAt.toString());
		root.put("stepStartedAt", this.stepStartedAt.toString());
		root.put("failures", this.failures);
		root.put("inconclusiveInRow", this.inconclusiveInRow);
		root.put("passedInStep", this.passedInStep);
		root.put("analyzedUntil", this.analyzedUntil.toString());
		if (this.lastVerdict != null) {
			ObjectNode analysis = root.putObject("lastAnalysis");
			analysis.put("verdict", this.lastVerdict.outcome().label());
			analysis.put("reason", this.lastVerdict.reason());
			figures(analysis.putObject("stable"), this.lastVerdict.stable());
			figures(analysis.putObject("canary"), this.lastVerdict.canary());
		}
		ArrayNode history = root.putArray("history");
		for (Event event : this.history) {
			ObjectNode entry = history.addObject();
			entry.put("at", event.at().toString());
			entry.put("event", event.event());
			entry.put("step", event.step());
			entry.put("weight", event.weight());
			entry.put("detail", event.detail());
		}
		return mapper.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
	}

	private static void figures(ObjectNode node, VersionFigures figures) {
		node.put("requests", figures.requests());
		node.put("errors", figures.errors());
		node.put("p95Millis", figures.p95Millis());
	}

	/**
	 * Reads a status the controller wrote.
	 * @param json the document's bytes
	 * @param mapper the JSON mapper
	 * @return the status
	 * @throws IllegalArgumentException when it is not a status document
	 */
	public static RolloutStatus fromJson(byte[] json, JsonMapper mapper) {
		try {
			JsonNode root = mapper.readTree(json);
			RolloutVerdict verdict = null;
			JsonNode analysis = root.get("lastAnalysis");
			if (analysis != null && analysis.isObject()) {
				verdict = new RolloutVerdict(
						RolloutVerdict.Outcome
							.valueOf(analysis.required("verdict").asString().toUpperCase(Locale.ROOT)),
						analysis.path("reason").asString(""), figures(analysis.required("stable")),
						figures(analysis.required("canary")));
			}
			List<Event> history = new ArrayList<>();
			for (JsonNode entry : root.path("history")) {
				history.add(new Event(Instant.parse(entry.required("at").asString()),
						entry.required("event").asString(), entry.path("step").asInt(0), entry.path("weight").asInt(0),
						entry.path("detail").asString("")));
			}
			return new RolloutStatus(Phase.valueOf(root.required("phase").asString()),
					root.required("canaryVersion").asString(), root.required("specIndex").asLong(),
					root.required("step").asInt(), root.required("weight").asInt(), root.path("reason").asString(""),
					Instant.parse(root.required("updatedAt").asString()),
					Instant.parse(root.required("stepStartedAt").asString()), root.path("failures").asInt(0),
					root.path("inconclusiveInRow").asInt(0), root.path("passedInStep").asInt(0),
					Instant.parse(root.required("analyzedUntil").asString()), verdict, List.copyOf(history));
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("not a rollout status document: " + ex.getMessage(), ex);
		}
	}

	private static VersionFigures figures(JsonNode node) {
		return new VersionFigures(node.path("requests").asLong(0), node.path("errors").asLong(0),
				node.path("p95Millis").asDouble(-1));
	}

}
