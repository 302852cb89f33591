/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.report;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * One row of {@code bench/RESULTS.md}, as a scenario measured it: written by the scenario
 * to {@code target/bench-results/<id>.properties}, read by {@link ResultsReport}.
 *
 * @param id the scenario id, such as {@code G1}
 * @param scenario what was measured
 * @param measured the figure, with its unit
 * @param reference the reference measured in the same run, or {@code –}
 * @param ratio measured / reference, or {@code –}
 * @param target the figure's target
 * @param met {@code yes}, {@code no}, or {@code –} when there is no target to meet
 * @param note how it was measured, or why a target was missed
 */
public record Figure(String id, String scenario, String measured, String reference, String ratio, String target,
		String met, String note) {

	/**
	 * The folder figures are written to (relative to the bench module): the quick mode of
	 * {@code ./mvnw verify} has its own, so that it never mixes with a full run's.
	 */
	public static Path directory() {
		boolean quick = Boolean.parseBoolean(System.getProperty("junction.bench.quick", "false"));
		return Path.of(System.getProperty("junction.bench.results",
				quick ? "target/bench-results-quick" : "target/bench-results"));
	}

	/** {@code yes} or {@code no}. */
	public static String met(boolean met) {
		return met ? "yes" : "no";
	}

	/** Writes the figure, replacing an earlier one of the same id. */
	public Figure save() {
		Properties properties = new Properties();
		properties.setProperty("id", this.id);
		properties.setProperty("scenario", this.scenario);
		properties.setProperty("measured", this.measured);
		properties.setProperty("reference", this.reference);
		properties.setProperty("ratio", this.ratio);
		properties.setProperty("target", this.target);
		properties.setProperty("met", this.met);
		properties.setProperty("note", this.note);
		try {
			Files.createDirectories(directory());
			try (Writer writer = Files.newBufferedWriter(directory().resolve(this.id + ".properties"),
					StandardCharsets.UTF_8)) {
				properties.store(writer, null);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the figure of " + this.id, ex);
		}
		return this;
	}

	/** Every figure written to the folder, by id. */
	public static List<Figure> loadAll(Path directory) {
		List<Figure> figures = new ArrayList<>();
		if (!Files.isDirectory(directory)) {
			return figures;
		}
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".properties")).toList()) {
				Properties properties = new Properties();
				try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
					properties.load(reader);
				}
				figures.add(new Figure(properties.getProperty("id"), properties.getProperty("scenario"),
						properties.getProperty("measured"), properties.getProperty("reference", "–"),
						properties.getProperty("ratio", "–"), properties.getProperty("target"),
						properties.getProperty("met", "–"), properties.getProperty("note", "")));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the figures in " + directory, ex);
		}
		figures.sort(Comparator.comparing(Figure::id, ResultsReport.ID_ORDER));
		return figures;
	}

}
