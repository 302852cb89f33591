/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the ERROR lines of a Spring Boot console log that a stack trace follows: what a
 * client's misbehaviour must never cause (an attacker could fill the logs cheaply).
 */
final class LogErrors {

	private LogErrors() {
	}

	/** Each ERROR line followed by a stack trace, with the trace's first line. */
	static List<String> withStackTrace(String log) {
		List<String> found = new ArrayList<>();
		String[] lines = log.split("\n");
		for (int i = 0; i < lines.length; i++) {
			if (!lines[i].contains(" ERROR ")) {
				continue;
			}
			for (int j = i + 1; j < lines.length && j < i + 6 && !startsWithTimestamp(lines[j]); j++) {
				if (lines[j].startsWith("\tat ") || lines[j].trim().startsWith("at ")) {
					found.add(lines[i] + " | " + lines[Math.min(i + 2, lines.length - 1)]);
					break;
				}
			}
		}
		return found;
	}

	private static boolean startsWithTimestamp(String line) {
		return !line.isEmpty() && Character.isDigit(line.charAt(0));
	}

}
