/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.report;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ResultsReportTests {

	@TempDir
	Path results;

	@Test
	void figuresAreListedInTheIssuesOrderWithTheScenariosNotRunNamed() {
		String previous = System.getProperty("junction.bench.results");
		System.setProperty("junction.bench.results", this.results.toString());
		try {
			new Figure("D1", "kill -9", "0 failed", "–", "–", "0 failed", "yes", "note of D1").save();
			new Figure("G1b", "full chain", "900/s", "plain 1000/s", "0.90×", "≥ 0.8×", "yes", "").save();
			new Figure("G1a", "no rate limit", "950/s", "plain 1000/s", "0.95×", "≥ 1.0×", "no", "a | pipe").save();
		}
		finally {
			if (previous == null) {
				System.clearProperty("junction.bench.results");
			}
			else {
				System.setProperty("junction.bench.results", previous);
			}
		}
		List<Figure> figures = Figure.loadAll(this.results);
		assertThat(figures).extracting(Figure::id).containsExactly("G1a", "G1b", "D1");
		String markdown = ResultsReport.markdown(figures, List.of(), "full");
		assertThat(markdown).contains("| G1a | no rate limit | 950/s | plain 1000/s | 0.95× | ≥ 1.0× | no |")
			.contains("| G2 | not run |")
			.contains("| D4 | not run |")
			.contains("| B1 | not run |")
			.doesNotContain("| G1 | not run |")
			.contains("- **G1a**: a | pipe")
			.contains("- **D1**: note of D1");
		assertThat(markdown.indexOf("| G1b |")).isLessThan(markdown.indexOf("| D1 |"));
	}

}
