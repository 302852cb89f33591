/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;

/**
 * Durations in Go's {@code time.ParseDuration} syntax ({@code 55s}, {@code 1m30s},
 * {@code 500ms}, {@code 1.5h}), the syntax every Consul client sends and every Consul
 * answer uses.
 */
final class GoDuration {

	private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

	private GoDuration() {
	}

	/**
	 * Parse a Go duration.
	 * @param text the duration text
	 * @return the duration
	 * @throws IllegalArgumentException if the text is not a Go duration
	 */
	static Duration parse(String text) {
		if (text == null || text.isEmpty()) {
			throw invalid(text);
		}
		int i = 0;
		boolean negative = false;
		if (text.charAt(0) == '-' || text.charAt(0) == '+') {
			negative = text.charAt(0) == '-';
			i++;
		}
		if (text.substring(i).equals("0")) {
			return Duration.ZERO;
		}
		if (i == text.length()) {
			throw invalid(text);
		}
		BigDecimal total = BigDecimal.ZERO;
		while (i < text.length()) {
			int start = i;
			while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
				i++;
			}
			String number = text.substring(start, i);
			if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
				throw invalid(text);
			}
			int unitStart = i;
			while (i < text.length() && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
				i++;
			}
			long unit = unitNanos(text.substring(unitStart, i), text);
			total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
		}
		BigInteger nanos = total.toBigInteger();
		if (nanos.compareTo(MAX_NANOS) > 0) {
			throw new IllegalArgumentException("invalid duration \"" + text + "\": out of range");
		}
		return Duration.ofNanos(negative ? -nanos.longValue() : nanos.longValue());
	}

	private static long unitNanos(String unit, String text) {
		return switch (unit) {
			case "ns" -> 1L;
			case "us", "\u00b5s", "\u03bcs" -> 1_000L;
			case "ms" -> 1_000_000L;
			case "s" -> 1_000_000_000L;
			case "m" -> 60_000_000_000L;
			case "h" -> 3_600_000_000_000L;
			case "" -> throw new IllegalArgumentException("missing unit in duration \"" + text + "\"");
			default -> throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration \"" + text + "\"");
		};
	}

	private static IllegalArgumentException invalid(String text) {
		return new IllegalArgumentException("invalid duration \"" + text + "\"");
	}

	/**
	 * Format a duration the way Go's {@code Duration.String()} does ({@code 1m30s},
	 * {@code 500ms}, {@code 1h0m0s}).
	 * @param duration the duration
	 * @return the Go text
	 */
	static String format(Duration duration) {
		long nanos = duration.toNanos();
		if (nanos == 0) {
			return "0s";
		}
		StringBuilder out = new StringBuilder(nanos < 0 ? "-" : "");
		long u = Math.abs(nanos);
		if (u < 1_000L) {
			return out.append(u).append("ns").toString();
		}
		if (u < 1_000_000L) {
			return out.append(fraction(u, 1_000L)).append("\u00b5s").toString();
		}
		if (u < 1_000_000_000L) {
			return out.append(fraction(u, 1_000_000L)).append("ms").toString();
		}
		long hours = u / 3_600_000_000_000L;
		long minutes = (u / 60_000_000_000L) % 60;
		long secondNanos = u % 60_000_000_000L;
		if (hours > 0) {
			out.append(hours).append('h');
		}
		if (hours > 0 || minutes > 0) {
			out.append(minutes).append('m');
		}
		return out.append(fraction(secondNanos, 1_000_000_000L)).append('s').toString();
	}

	private static String fraction(long value, long unit) {
		BigDecimal result = BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros();
		return result.scale() <= 0 ? result.toBigInteger().toString() : result.toPlainString();
	}

}
