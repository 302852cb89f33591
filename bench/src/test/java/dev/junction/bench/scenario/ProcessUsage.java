/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a process and its descendants (nginx's workers) use, read from Linux's
 * {@code /proc}: resident memory and CPU time (user + system) so far. The CPU time of a
 * measured run is the difference of two readings.
 *
 * @param residentKb resident set size, summed over the processes, in KiB
 * @param cpuSeconds user and system CPU time so far, summed over the processes
 */
record ProcessUsage(long residentKb, double cpuSeconds) {

	/** Linux's clock ticks per second of {@code /proc/<pid>/stat} ({@code CLK_TCK}). */
	private static final double TICKS_PER_SECOND = 100;

	/**
	 * Reads the process and its descendants.
	 * @param pid the process
	 * @return its usage, or {@code null} where {@code /proc} cannot be read (not Linux)
	 */
	static ProcessUsage of(long pid) {
		List<Long> pids = new ArrayList<>();
		pids.add(pid);
		ProcessHandle.of(pid).ifPresent((handle) -> handle.descendants().forEach((child) -> pids.add(child.pid())));
		long residentKb = 0;
		long ticks = 0;
		for (long each : pids) {
			try {
				residentKb += residentKb(Files.readString(Path.of("/proc", Long.toString(each), "status")));
				ticks += cpuTicks(
						Files.readString(Path.of("/proc", Long.toString(each), "stat"), StandardCharsets.UTF_8));
			}
			catch (IOException ex) {
				if (each == pid) {
					return null;
				}
				// a worker that exited between the listing and the reading
			}
		}
		return new ProcessUsage(residentKb, ticks / TICKS_PER_SECOND);
	}

	/** The {@code VmRSS} line of {@code /proc/<pid>/status}, in KiB. */
	static long residentKb(String status) {
		for (String line : status.split("\n")) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").trim());
			}
		}
		return 0;
	}

	/**
	 * User plus system CPU ticks of {@code /proc/<pid>/stat}: its 14th and 15th fields,
	 * counted after the command name's closing parenthesis (a name may hold spaces).
	 */
	static long cpuTicks(String stat) {
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	double residentMb() {
		return this.residentKb / 1024.0;
	}

}
