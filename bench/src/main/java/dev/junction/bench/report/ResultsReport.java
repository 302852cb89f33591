/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes {@code bench/RESULTS.md} and the PNG charts ({@code bench/charts/}) from the
 * figures and timelines the scenarios left in {@code bench/target/bench-results/}.
 * <p>
 * Usage: {@code ResultsReport [--results=bench/target/bench-results] [--out=bench]
 * [--mode=full|quick]}
 */
public final class ResultsReport {

	/** The order of scenario ids. */
	static final List<String> IDS = List.of("G1", "G2", "G3", "G4", "S1", "S2", "D1", "D2", "R1", "D3", "D4", "D5",
			"O1", "B1", "A1", "A2", "A3", "A4", "A5", "C1", "P1", "L1", "L2", "M1", "M2", "F1");

	static final Comparator<String> ID_ORDER = Comparator.comparingInt(ResultsReport::position)
		.thenComparing(Comparator.naturalOrder());

	private ResultsReport() {
	}

	/** Where an id such as {@code G1} or {@code G1a} (one row of several) comes. */
	private static int position(String id) {
		int index = IDS.indexOf(id.substring(0, Math.min(2, id.length())));
		return (index < 0) ? IDS.size() : index;
	}

	public static void main(String[] args) throws IOException {
		Path results = Path.of("bench/target/bench-results");
		Path out = Path.of("bench");
		String mode = "full";
		for (String arg : args) {
			if (arg.startsWith("--results=")) {
				results = Path.of(arg.substring("--results=".length()));
			}
			else if (arg.startsWith("--out=")) {
				out = Path.of(arg.substring("--out=".length()));
			}
			else if (arg.startsWith("--mode=")) {
				mode = arg.substring("--mode=".length());
			}
			else {
				System.err.println("Usage: ResultsReport [--results=DIR] [--out=DIR] [--mode=full|quick]");
				System.exit(2);
			}
		}
		List<Figure> figures = Figure.loadAll(results);
		Path charts = Files.createDirectories(out.resolve("charts"));
		List<String> chartLinks = Charts.write(results, charts);
		Path file = out.resolve("RESULTS.md");
		String markdown = markdown(figures, chartLinks, mode);
		Path reading = out.resolve("results").resolve("bench-suite-reading.md");
		if (Files.exists(reading)) {
			// a person's reading of the committed run: where targets are missed, and why
			markdown += "\n" + Files.readString(reading, StandardCharsets.UTF_8);
		}
		Files.writeString(file, markdown, StandardCharsets.UTF_8);
		System.out.println("[bench] wrote " + file + " (" + figures.size() + " figures) and " + chartLinks.size()
				+ " chart(s) in " + charts);
	}

	static String markdown(List<Figure> figures, List<String> charts, String mode) {
		StringBuilder md = new StringBuilder();
		md.append("# Junction benchmarks: results\n\n");
		md.append("Produced by `bench/run.sh")
			.append("quick".equals(mode) ? " --quick" : "")
			.append("` on ")
			.append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
			.append(". Machine: ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" CPUs, Java ")
			.append(System.getProperty("java.version"))
			.append(" (")
			.append(System.getProperty("os.name"))
			.append(' ')
			.append(System.getProperty("os.arch"))
			.append("), load average when the report was written ")
			.append("%.2f".formatted(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
			.append(".\n\n");
		md.append(
				"Everything runs on this one machine on 127.0.0.1: load generator, gateway, backends, Consul (the dev")
			.append(" agent), Redis, RabbitMQ and PostgreSQL share its CPUs, so absolute numbers say little. Every")
			.append(" figure is therefore a count, or a ratio to a reference measured in the same run, as the median")
			.append(" of several rounds where the scenario says so.");
		if ("quick".equals(mode)) {
			md.append(" **Quick mode:** only the fault scenarios' correctness (zero failed, zero lost) is meant;")
				.append(" their timings are not benchmark figures.");
		}
		md.append("\n\n");
		md.append("| id | scenario | measured | reference | ratio | target | met? |\n");
		md.append("|---|---|---|---|---|---|---|\n");
		List<String> missing = new ArrayList<>(IDS);
		for (Figure figure : figures) {
			missing.remove(figure.id().substring(0, Math.min(2, figure.id().length())));
			md.append("| ")
				.append(figure.id())
				.append(" | ")
				.append(cell(figure.scenario()))
				.append(" | ")
				.append(cell(figure.measured()))
				.append(" | ")
				.append(cell(figure.reference()))
				.append(" | ")
				.append(cell(figure.ratio()))
				.append(" | ")
				.append(cell(figure.target()))
				.append(" | ")
				.append(cell(figure.met()))
				.append(" |\n");
		}
		for (String id : missing) {
			md.append("| ").append(id).append(" | not run | – | – | – | – | – |\n");
		}
		md.append("\n## Notes\n\n");
		for (Figure figure : figures) {
			if (!figure.note().isBlank()) {
				md.append("- **").append(figure.id()).append("**: ").append(figure.note()).append('\n');
			}
		}
		if (!charts.isEmpty()) {
			md.append("\n## Charts\n\n");
			for (String chart : charts) {
				md.append(chart).append("\n\n");
			}
		}
		return md.toString();
	}

	private static String cell(String text) {
		return (text == null) ? "–" : text.replace("|", "\\|").replace("\n", " ");
	}

}
