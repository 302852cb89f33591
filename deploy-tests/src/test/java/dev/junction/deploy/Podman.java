/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's podman as the tests run it: root, with the configuration of
 * {@code deploy-tests/podman/containers.conf} (runc, ulimits the machine grants, the
 * host's network) given through {@code CONTAINERS_CONF}, so nobody's own podman
 * configuration changes what is built or run.
 */
final class Podman {

	/** podman's configuration for these tests (and .ci/run). */
	static final String CONFIGURATION = "deploy-tests/podman/containers.conf";

	private Podman() {
	}

	/**
	 * Runs a podman command that finishes within a minute.
	 * @param arguments its arguments
	 * @return what it printed, or a failed test showing its error output
	 */
	static String run(String... arguments) {
		return attempt(Tool.Run.QUICK, List.of(arguments)).successfulOutput();
	}

	/**
	 * Runs a podman command that may take long (an image build), printing progress.
	 * @param timeout how long it may take
	 * @param arguments its arguments
	 * @return what it printed, or a failed test showing its error output
	 */
	static String run(Duration timeout, List<String> arguments) {
		return attempt(timeout, arguments).successfulOutput();
	}

	/**
	 * Runs a podman command whose failure the caller judges.
	 * @param timeout how long it may take
	 * @param arguments its arguments
	 * @return what it printed and its exit code
	 */
	static Tool.Run attempt(Duration timeout, List<String> arguments) {
		return Tool.PODMAN.run(timeout, environment(), arguments);
	}

	/**
	 * The environment of every podman process (and of the script that makes the base
	 * image): {@code CONTAINERS_CONF} and a root's {@code PATH} (runc and debootstrap
	 * live in /usr/sbin), nothing of the caller's shell.
	 * @return the environment
	 */
	static Map<String, String> environment() {
		return Map.of("CONTAINERS_CONF", configuration().toString(), "HOME", System.getProperty("user.home"), "PATH",
				"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
	}

	static Path configuration() {
		return ComposeFile.root().resolve(CONFIGURATION);
	}

	/**
	 * A command inside a running container, as {@code podman exec} runs it.
	 * @param container the container
	 * @param command the command and its arguments
	 * @return what it printed and its exit code
	 */
	static Tool.Run exec(String container, List<String> command) {
		List<String> arguments = new ArrayList<>(List.of("exec", container));
		arguments.addAll(command);
		return attempt(Tool.Run.QUICK, arguments);
	}

}
