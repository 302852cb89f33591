/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figures of several rounds, per target, in the order measured; a ratio is taken within
 * each round (target and reference measured minutes apart at most) and the median of the
 * rounds' ratios is reported.
 */
final class Rounds {

	private final Map<String, List<Double>> values = new LinkedHashMap<>();

	void add(String target, double value) {
		this.values.computeIfAbsent(target, (key) -> new ArrayList<>()).add(value);
	}

	List<Double> of(String target) {
		return this.values.getOrDefault(target, List.of());
	}

	double median(String target) {
		return median(of(target));
	}

	/** The median over rounds of {@code target / reference}. */
	double ratio(String target, String reference) {
		List<Double> ratios = new ArrayList<>();
		List<Double> a = of(target);
		List<Double> b = of(reference);
		for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
			ratios.add(a.get(i) / b.get(i));
		}
		return median(ratios);
	}

	/** The rounds' ratios, for the notes. */
	List<String> ratios(String target, String reference) {
		List<String> ratios = new ArrayList<>();
		List<Double> a = of(target);
		List<Double> b = of(reference);
		for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
			ratios.add("%.2f".formatted(a.get(i) / b.get(i)));
		}
		return ratios;
	}

	/** The rounds' lowest and highest values, for the notes: {@code 4210-4630}. */
	String spread(String target) {
		List<Double> values = of(target);
		if (values.isEmpty()) {
			return "–";
		}
		return "%.0f-%.0f".formatted(Collections.min(values), Collections.max(values));
	}

	@Override
	public String toString() {
		return this.values.toString();
	}

	static double median(List<Double> values) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

}
