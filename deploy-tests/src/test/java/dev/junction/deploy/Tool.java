/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.junction.testsupport.ProjectLayout;
import dev.junction.testsupport.TestServers;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real tool the tests run: the renderers, Debian's {@code docker-compose} 1.29 and
 * Debian's {@code kubectl} 1.20 (kustomize v2, the oldest syntax the manifests must keep
 * to), and the container runtime, Debian's {@code podman} 4.3. A missing tool, or one of
 * another version, skips the test on a laptop and fails it under CI ({@code CI=true}),
 * naming the package to install.
 */
enum Tool {

	DOCKER_COMPOSE("docker-compose", "JUNCTION_DOCKER_COMPOSE", List.of("/usr/bin/docker-compose"),
			List.of("version", "--short"), "1.29"),

	/**
	 * Debian's podman, which builds the images and runs the containers here (as root,
	 * with the configuration in deploy-tests/podman/containers.conf).
	 */
	PODMAN("podman", "JUNCTION_PODMAN", List.of("/usr/bin/podman"), List.of("--version"), "4.3"),

	/**
	 * Debian's kubernetes-client. Where another package owns /usr/bin/kubectl (Google
	 * Cloud SDK's dispatcher, say), .ci/run installs Debian's with a dpkg diversion at
	 * /usr/bin/kubectl.kubernetes-client.
	 */
	KUBECTL("kubernetes-client", "JUNCTION_KUBECTL", List.of("/usr/bin/kubectl.kubernetes-client", "/usr/bin/kubectl"),
			List.of("version", "--client"), "1.20");

	private static final Pattern VERSION = Pattern.compile("(?:GitVersion:\"v)?(\\d+\\.\\d+)\\.\\d+");

	private final String debianPackage;

	private final String override;

	private final List<String> candidates;

	private final List<String> versionArguments;

	private final String version;

	private volatile String resolved;

	Tool(String debianPackage, String override, List<String> candidates, List<String> versionArguments,
			String version) {
		this.debianPackage = debianPackage;
		this.override = override;
		this.candidates = candidates;
		this.versionArguments = versionArguments;
		this.version = version;
	}

	/**
	 * Runs the tool in the repository root.
	 * @param environment the whole environment of the process (nothing is inherited but
	 * {@code PATH}), so no variable of the caller's shell changes what is rendered
	 * @param arguments the arguments
	 * @return what it printed and its exit code
	 */
	Run run(Map<String, String> environment, String... arguments) {
		return run(Run.QUICK, environment, List.of(arguments));
	}

	/**
	 * Runs the tool in the repository root, printing a progress line every
	 * {@link Run#PROGRESS_EVERY} while it runs.
	 * @param timeout how long it may take
	 * @param environment the whole environment of the process (nothing is inherited but
	 * {@code PATH})
	 * @param arguments the arguments
	 * @return what it printed and its exit code
	 */
	Run run(Duration timeout, Map<String, String> environment, List<String> arguments) {
		List<String> command = new ArrayList<>();
		command.add(executable());
		command.addAll(arguments);
		return Run.of(command, environment, timeout);
	}

	/**
	 * Whether the tool is here in the version the tests need, or else a skipped test (a
	 * laptop) or a failed one (CI) that says what to install.
	 */
	void require() {
		executable();
	}

	private String executable() {
		String path = this.resolved;
		if (path == null) {
			path = locate();
			this.resolved = path;
		}
		return path;
	}

	private String locate() {
		String configured = System.getenv(this.override);
		List<String> paths = (configured != null && !configured.isBlank()) ? List.of(configured) : this.candidates;
		for (String path : paths) {
			if (Files.isExecutable(Path.of(path))) {
				String found = versionOf(path);
				if (this.version.equals(found)) {
					return path;
				}
				unavailable(path + " is version " + found + ", not " + this.version);
			}
		}
		unavailable("not found at " + paths);
		throw new IllegalStateException("unreachable");
	}

	private String versionOf(String path) {
		List<String> command = new ArrayList<>(List.of(path));
		command.addAll(this.versionArguments);
		Matcher matcher = VERSION.matcher(Run.of(command, Map.of(), Run.QUICK).stdout());
		return matcher.find() ? matcher.group(1) : "unknown";
	}

	private void unavailable(String why) {
		String message = "Debian's " + this.debianPackage + " " + this.version + " is what these tests run, but " + why
				+ ". Install it: sudo apt-get install -y --no-install-recommends " + this.debianPackage
				+ " (.ci/run does, with a dpkg diversion where another package owns kubectl's path), or point "
				+ this.override + " at it.";
		if (TestServers.requireServers()) {
			Assertions.fail(message + " (CI fails rather than skips without the tool)");
		}
		Assumptions.abort(message);
	}

	/**
	 * The outcome of one run of a tool.
	 *
	 * @param exitCode its exit code
	 * @param stdout what it printed on standard output
	 * @param stderr what it printed on standard error
	 */
	record Run(int exitCode, String stdout, String stderr) {

		/** How long a renderer may take. */
		static final Duration QUICK = Duration.ofSeconds(60);

		/** How often a longer run (an image build) says it is still running. */
		static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

		static Run of(List<String> command, Map<String, String> environment, Duration timeout) {
			ProcessBuilder builder = new ProcessBuilder(command).directory(ProjectLayout.root().toFile());
			builder.environment().clear();
			builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
			builder.environment().putAll(environment);
			try {
				Path out = Files.createTempFile("junction-render", ".out");
				Path err = Files.createTempFile("junction-render", ".err");
				Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
				long started = System.nanoTime();
				while (!process.waitFor(Math.min(PROGRESS_EVERY.toMillis(), timeout.toMillis()),
						TimeUnit.MILLISECONDS)) {
					Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
					if (elapsed.compareTo(timeout) >= 0) {
						process.destroyForcibly();
						throw new IllegalStateException(command + " did not finish within " + timeout.toSeconds()
								+ " s; its last output:\n" + lastLine(out) + "\n" + lastLine(err));
					}
					System.out.printf("... %s still running after %d s: %s%n", command.get(0), elapsed.toSeconds(),
							lastLine(out));
				}
				Run run = new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
						Files.readString(err, StandardCharsets.UTF_8));
				Files.delete(out);
				Files.delete(err);
				return run;
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot run " + command + ": " + ex.getMessage(), ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while running " + command, ex);
			}
		}

		private static String lastLine(Path file) throws IOException {
			List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
			return lines.isEmpty() ? "(nothing yet)" : lines.get(lines.size() - 1);
		}

		/**
		 * What it printed, or a failed test that shows its error output.
		 * @return standard output
		 */
		String successfulOutput() {
			Assertions.assertEquals(0, this.exitCode, () -> "the tool failed:\n" + this.stderr);
			return this.stdout;
		}

	}

}
