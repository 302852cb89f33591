/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pins processes to CPUs with Linux's {@code taskset} (util-linux), so that a latency
 * scenario keeps its load generator off the cores of what it measures (G2): the generator
 * on CPU {@value #GENERATOR_CPU}, everything under test on
 * {@value #SYSTEM_UNDER_TEST_CPU}. Every thread of a process and of its descendants is
 * pinned; threads created later inherit their creator's CPUs.
 */
final class CpuPinning {

	private static final Logger logger = LoggerFactory.getLogger(CpuPinning.class);

	static final String GENERATOR_CPU = "0";

	static final String SYSTEM_UNDER_TEST_CPU = "1";

	/** Every CPU of the machine, to undo the pinning. */
	static final String ALL_CPUS = "0-" + (Runtime.getRuntime().availableProcessors() - 1);

	private CpuPinning() {
	}

	/** Whether taskset is installed and there are two CPUs to keep apart. */
	static boolean available() {
		return Runtime.getRuntime().availableProcessors() >= 2 && run(List.of("taskset", "-p", "1"));
	}

	/**
	 * Pins every thread of the process and of its descendants to the CPUs.
	 * @param pid the process
	 * @param cpus a CPU list such as {@code 1} or {@code 0-1}
	 */
	static void pin(long pid, String cpus) {
		List<Long> pids = new ArrayList<>();
		pids.add(pid);
		ProcessHandle.of(pid).ifPresent((handle) -> handle.descendants().forEach((child) -> pids.add(child.pid())));
		for (long each : pids) {
			if (!run(List.of("taskset", "-a", "-p", "-c", cpus, Long.toString(each)))) {
				logger.warn("Could not pin process {} to CPU {}: its figures may share CPUs with the generator", each,
						cpus);
			}
		}
	}

	/** The local Redis server's process, which serves the rate limits under test. */
	static Optional<Long> redisServerPid() {
		return ProcessHandle.allProcesses()
			.filter((process) -> process.info()
				.command()
				.map((command) -> command.endsWith("/redis-server"))
				.orElse(false))
			.map(ProcessHandle::pid)
			.findFirst();
	}

	private static boolean run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return false;
			}
			if (process.exitValue() != 0) {
				logger.info("{}: {}", String.join(" ", command), output.strip());
			}
			return process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
