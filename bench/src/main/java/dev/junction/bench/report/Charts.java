/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.junction.bench.load.FixedRateLoad;
import dev.junction.bench.load.Sample;
import dev.junction.bench.report.Timeline.Event;
import dev.junction.bench.report.Timeline.Share;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The PNG charts of {@code RESULTS.md}, drawn headless with XChart: request outcome and
 * latency over time across D1 and R1 (the kill and the restarts marked), the same for
 * each gray-failure scenario on the Junction gateway and on plain Spring Cloud, the
 * canary weight and observed share of the A1 and A2 rollouts, and G1's throughput bars.
 */
final class Charts {

	private Charts() {
	}

	/**
	 * Draws every chart whose data is there.
	 * @return markdown image links, relative to {@code RESULTS.md}
	 */
	static List<String> write(Path results, Path charts) throws IOException {
		System.setProperty("java.awt.headless", "true");
		List<String> links = new ArrayList<>();
		List<XYChart> timelines = new ArrayList<>();
		for (String id : List.of("D1", "R1")) {
			Path requests = results.resolve(id + "-requests.csv");
			if (Files.exists(requests)) {
				timelines.add(timeline(id, Timeline.readSamples(requests),
						Timeline.readEvents(results.resolve(id + "-events.csv"))));
			}
		}
		if (!timelines.isEmpty()) {
			BitmapEncoder.saveBitmap(new ArrayList<>(timelines), timelines.size(), 1,
					charts.resolve("d1-r1-timeline").toString(), BitmapEncoder.BitmapFormat.PNG);
			links.add("![D1 and R1: requests per second by outcome and latency over time, kill and restarts marked]"
					+ "(charts/d1-r1-timeline.png)");
		}
		for (String id : List.of("D3", "D4", "D5", "O1")) {
			List<XYChart> sides = new ArrayList<>();
			for (String[] side : new String[][] { { id, "Junction" }, { id + "-plain", "plain Spring Cloud" } }) {
				Path requests = results.resolve(side[0] + "-requests.csv");
				if (Files.exists(requests)) {
					sides.add(timeline(id + " " + side[1], Timeline.readSamples(requests),
							Timeline.readEvents(results.resolve(side[0] + "-events.csv"))));
				}
			}
			if (!sides.isEmpty()) {
				String name = id.toLowerCase(Locale.ROOT) + "-timeline";
				BitmapEncoder.saveBitmap(new ArrayList<>(sides), sides.size(), 1, charts.resolve(name).toString(),
						BitmapEncoder.BitmapFormat.PNG);
				links.add("![" + id + ": Junction (top) and plain Spring Cloud (bottom), requests per second by outcome"
						+ " and latency over time, the fault marked](charts/" + name + ".png)");
			}
		}
		List<XYChart> rollouts = new ArrayList<>();
		for (String id : List.of("A1", "A2")) {
			Path shares = results.resolve(id + "-shares.csv");
			if (Files.exists(shares)) {
				rollouts.add(rollout(id, Timeline.readShares(shares)));
			}
		}
		if (!rollouts.isEmpty()) {
			BitmapEncoder.saveBitmap(new ArrayList<>(rollouts), rollouts.size(), 1,
					charts.resolve("a1-a2-rollout").toString(), BitmapEncoder.BitmapFormat.PNG);
			links.add("![A1 and A2: the canary weight the rollout set and the canary's observed share of answers,"
					+ " second by second](charts/a1-a2-rollout.png)");
		}
		Path bars = results.resolve("G1-bars.csv");
		if (Files.exists(bars)) {
			BitmapEncoder.saveBitmap(throughputBars(bars), charts.resolve("g1-throughput").toString(),
					BitmapEncoder.BitmapFormat.PNG);
			links.add("![G1: requests per second through each path (median of rounds)](charts/g1-throughput.png)");
		}
		return links;
	}

	private static XYChart timeline(String id, List<Sample> samples, List<Event> events) {
		XYChart chart = new XYChartBuilder().width(1200)
			.height(420)
			.title(id + ": requests per second by outcome (left), latency p50 and max per second (right)")
			.xAxisTitle("seconds since the load started")
			.yAxisTitle("requests per second")
			.build();
		chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
		chart.getStyler().setMarkerSize(3);
		chart.setYAxisGroupTitle(1, "latency ms");
		long start = samples.isEmpty() ? 0 : samples.get(0).intendedMillis();
		Map<Long, List<Sample>> bySecond = new TreeMap<>();
		long end = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).intendedMillis();
		for (Sample sample : samples) {
			if ((sample.intendedMillis() - start) / 1000 == (end - start) / 1000 && end - start >= 1000) {
				continue; // the last, partial second
			}
			bySecond.computeIfAbsent((sample.intendedMillis() - start) / 1000, (key) -> new ArrayList<>()).add(sample);
		}
		List<Double> seconds = new ArrayList<>();
		List<Double> ok = new ArrayList<>();
		List<Double> failed = new ArrayList<>();
		List<Double> p50 = new ArrayList<>();
		List<Double> max = new ArrayList<>();
		double top = 1;
		for (Map.Entry<Long, List<Sample>> second : bySecond.entrySet()) {
			seconds.add(second.getKey().doubleValue());
			long good = second.getValue().stream().filter(Sample::ok).count();
			ok.add((double) good);
			failed.add((double) (second.getValue().size() - good));
			var histogram = FixedRateLoad.histogram(second.getValue());
			p50.add(histogram.getValueAtPercentile(50) / 1000.0);
			max.add(histogram.getMaxValue() / 1000.0);
			top = Math.max(top, second.getValue().size());
		}
		long totalFailed = failed.stream().mapToLong(Double::longValue).sum();
		series(chart, "ok", seconds, ok, new Color(0x2e7d32), 0);
		series(chart, "failed (" + totalFailed + " in all)", seconds, failed, Color.RED, 0);
		series(chart, "p50 ms", seconds, p50, new Color(0x1565c0), 1);
		series(chart, "max ms", seconds, max, new Color(0x90caf9), 1);
		for (Event event : events) {
			double at = (event.atMillis() - start) / 1000.0;
			XYSeries marker = chart.addSeries(event.what() + " @" + "%.1f".formatted(at) + " s", List.of(at, at),
					List.of(0.0, top * 1.1));
			boolean kill = event.what().startsWith("kill") || event.what().startsWith("SIG");
			marker.setLineColor(kill ? Color.BLACK : Color.GRAY);
			marker.setLineStyle(new BasicStroke(kill ? 2f : 1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
					kill ? null : new float[] { 4f, 4f }, 0f));
			marker.setMarker(SeriesMarkers.NONE);
		}
		return chart;
	}

	private static XYChart rollout(String id, List<Share> shares) {
		XYChart chart = new XYChartBuilder().width(1200)
			.height(360)
			.title(id + ": canary weight set by the rollout and observed canary share of answers per second")
			.xAxisTitle("seconds since the rollout's spec was written")
			.yAxisTitle("%")
			.build();
		chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
		chart.getStyler().setMarkerSize(3);
		List<Double> seconds = new ArrayList<>();
		List<Double> weights = new ArrayList<>();
		List<Double> observedSeconds = new ArrayList<>();
		List<Double> observed = new ArrayList<>();
		for (Share share : shares) {
			seconds.add((double) share.second());
			weights.add((double) share.weight());
			if (share.canaryPercent() >= 0) {
				observedSeconds.add((double) share.second());
				observed.add(share.canaryPercent());
			}
		}
		series(chart, "weight %", seconds, weights, Color.BLACK, 0);
		series(chart, "observed canary share %", observedSeconds, observed, new Color(0x1565c0), 0);
		return chart;
	}

	private static void series(XYChart chart, String name, List<Double> x, List<Double> y, Color color, int axis) {
		if (x.isEmpty()) {
			return;
		}
		XYSeries series = chart.addSeries(name, x, y);
		series.setLineColor(color);
		series.setMarkerColor(color);
		series.setYAxisGroup(axis);
	}

	private static CategoryChart throughputBars(Path file) throws IOException {
		List<String> labels = new ArrayList<>();
		List<Double> values = new ArrayList<>();
		for (String line : Files.readAllLines(file)) {
			int comma = line.lastIndexOf(',');
			if (comma > 0 && !line.startsWith("#")) {
				labels.add(line.substring(0, comma));
				values.add(Double.parseDouble(line.substring(comma + 1)));
			}
		}
		CategoryChart chart = new CategoryChartBuilder().width(1000)
			.height(450)
			.title("G1: maximum throughput, requests per second (median of rounds, same run)")
			.yAxisTitle("requests per second")
			.build();
		chart.getStyler().setLegendVisible(false);
		chart.getStyler().setLabelsVisible(true);
		chart.addSeries("requests per second", labels, values);
		return chart;
	}

}
