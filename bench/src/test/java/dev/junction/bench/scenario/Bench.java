/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

/**
 * How the scenarios run: quick (correctness only, in {@code ./mvnw verify}) or full
 * ({@code bench/run.sh}).
 */
final class Bench {

	private Bench() {
	}

	/** Whether this is the quick correctness mode ({@code -Djunction.bench.quick}). */
	static boolean quick() {
		return Boolean.parseBoolean(System.getProperty("junction.bench.quick", "true"));
	}

	/** The quick or the full value of a setting. */
	static int pick(int quick, int full) {
		return quick() ? quick : full;
	}

	/** A note for figures measured in the quick mode, which are not benchmark figures. */
	static String modeNote() {
		return quick() ? " (quick correctness mode: short and at a low rate; timings not representative)" : "";
	}

}
