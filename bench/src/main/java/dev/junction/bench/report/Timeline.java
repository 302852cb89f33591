/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.junction.bench.load.Sample;

/**
 * The requests of a fault scenario and what happened to the instances meanwhile, as CSV
 * files next to the figures ({@code <name>-requests.csv}, {@code <name>-events.csv}), for
 * the charts of {@link ResultsReport}.
 */
public final class Timeline {

	private Timeline() {
	}

	/**
	 * Writes the samples and events of one scenario.
	 * @param name file name prefix, such as {@code D1}
	 * @param samples the requests
	 * @param events what happened, such as a kill
	 */
	public static void save(String name, List<Sample> samples, List<Event> events) {
		try {
			Files.createDirectories(Figure.directory());
			try (BufferedWriter writer = Files.newBufferedWriter(Figure.directory().resolve(name + "-requests.csv"),
					StandardCharsets.UTF_8)) {
				writer.write("intended_ms,latency_us,status,error\n");
				for (Sample sample : samples) {
					writer.write(sample.intendedMillis() + "," + sample.latencyMicros() + "," + sample.status() + ","
							+ ((sample.error() != null) ? sample.error() : "") + "\n");
				}
			}
			try (BufferedWriter writer = Files.newBufferedWriter(Figure.directory().resolve(name + "-events.csv"),
					StandardCharsets.UTF_8)) {
				writer.write("at_ms,what\n");
				for (Event event : events) {
					writer.write(event.atMillis() + "," + event.what().replace(',', ' ') + "\n");
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the timeline of " + name, ex);
		}
	}

	/**
	 * Writes a rollout's canary weight and observed canary share, second by second.
	 * @param name file name prefix, such as {@code A1}
	 * @param shares one entry a second
	 */
	public static void saveShares(String name, List<Share> shares) {
		try {
			Files.createDirectories(Figure.directory());
			try (BufferedWriter writer = Files.newBufferedWriter(Figure.directory().resolve(name + "-shares.csv"),
					StandardCharsets.UTF_8)) {
				writer.write("second,weight,canary_percent\n");
				for (Share share : shares) {
					writer.write(share.second() + "," + share.weight() + "," + share.canaryPercent() + "\n");
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the canary shares of " + name, ex);
		}
	}

	static List<Share> readShares(Path file) throws IOException {
		List<Share> shares = new ArrayList<>();
		List<String> lines = Files.readAllLines(file);
		for (String line : lines.subList(1, lines.size())) {
			String[] parts = line.split(",", -1);
			shares.add(new Share(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), Double.parseDouble(parts[2])));
		}
		return shares;
	}

	static List<Sample> readSamples(Path file) throws IOException {
		List<Sample> samples = new ArrayList<>();
		List<String> lines = Files.readAllLines(file);
		for (String line : lines.subList(1, lines.size())) {
			String[] parts = line.split(",", -1);
			samples.add(new Sample(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Integer.parseInt(parts[2]), null,
					parts[3].isEmpty() ? null : parts[3]));
		}
		return samples;
	}

	static List<Event> readEvents(Path file) throws IOException {
		List<Event> events = new ArrayList<>();
		List<String> lines = Files.readAllLines(file);
		for (String line : lines.subList(1, lines.size())) {
			String[] parts = line.split(",", 2);
			events.add(new Event(Long.parseLong(parts[0]), parts[1]));
		}
		return events;
	}

	/**
	 * One second of a rollout.
	 *
	 * @param second seconds since the rollout's spec was written
	 * @param weight the canary weight in force, per the rollout's status
	 * @param canaryPercent the share of that second's answers that came from the canary
	 * (-1 when none named its instance)
	 */
	public record Share(long second, int weight, double canaryPercent) {

	}

	/**
	 * Something that happened during a scenario.
	 *
	 * @param atMillis when, in milliseconds since the epoch
	 * @param what what, such as {@code kill -9 user-a}
	 */
	public record Event(long atMillis, String what) {

		public static Event now(String what) {
			return new Event(System.currentTimeMillis(), what);
		}

	}

}
