/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One app of docker-compose.yml run by podman the way compose runs it: its image, its
 * environment, its memory limit, and Kubernetes' read-only root filesystem with a tmpfs
 * at {@code /tmp}, on the host's network. Its health is the compose file's own
 * healthcheck command, run inside the container; it stops with the compose file's grace
 * period.
 */
final class AppContainer implements AutoCloseable {

	private final String service;

	private final String name;

	private final Map<String, Object> definition;

	private AppContainer(String service, Map<String, Object> definition) {
		this.service = service;
		this.name = "junction-test-" + service;
		this.definition = definition;
	}

	/**
	 * Starts a compose service's container (detached); it is not healthy yet.
	 * @param service the compose service, such as {@code user-service-v1}
	 * @param definition the service as {@code docker-compose config} renders it
	 * @param image the image built for it
	 * @param environment its environment: the compose file's, pointed at this host's
	 * servers
	 * @return the running container
	 */
	static AppContainer start(String service, Map<String, Object> definition, String image,
			Map<String, String> environment) {
		AppContainer container = new AppContainer(service, definition);
		// a container of an earlier run that ended without cleaning up
		Podman.attempt(Tool.Run.QUICK, List.of("rm", "--force", "--time", "0", container.name));
		List<String> arguments = new ArrayList<>(List.of("run", "--detach", "--name", container.name, "--network",
				"host", "--read-only", "--tmpfs", "/tmp", "--memory", Yaml.stringAt(definition, "mem_limit")));
		new LinkedHashMap<>(environment).forEach((key, value) -> arguments.addAll(List.of("--env", key + "=" + value)));
		arguments.add(image);
		Podman.run(Tool.Run.QUICK, arguments);
		return container;
	}

	String service() {
		return this.service;
	}

	String name() {
		return this.name;
	}

	/**
	 * Runs the compose file's healthcheck command in the container until it passes, or
	 * fails naming the container and showing its log.
	 * @param timeout how long to wait at most
	 * @return how long it took
	 */
	Duration awaitHealthy(Duration timeout) {
		List<String> command = healthcheck();
		Duration interval = Durations.parse(Yaml.stringAt(this.definition, "healthcheck", "interval"));
		Instant started = Instant.now();
		Instant deadline = started.plus(timeout);
		Tool.Run last = null;
		while (Instant.now().isBefore(deadline)) {
			last = Podman.exec(this.name, command);
			if (last.exitCode() == 0) {
				return Duration.between(started, Instant.now());
			}
			if (!"running".equals(state("{{.State.Status}}"))) {
				break;
			}
			sleep(interval);
		}
		throw new AssertionError(this.service + " (container " + this.name + ") is not healthy by its compose"
				+ " healthcheck " + command + " after " + Duration.between(started, Instant.now()).toSeconds()
				+ " s; the last check said: " + ((last != null) ? last.stdout() + last.stderr() : "nothing")
				+ "\nIts log (podman logs " + this.name + "):\n" + logTail());
	}

	/** The compose healthcheck's command, as {@code podman exec} runs it. */
	List<String> healthcheck() {
		List<String> test = Yaml.listAt(this.definition, "healthcheck", "test").stream().map(String::valueOf).toList();
		return switch (test.get(0)) {
			case "CMD" -> test.subList(1, test.size());
			case "CMD-SHELL" -> List.of("sh", "-c", test.get(1));
			default -> throw new IllegalStateException("Unknown healthcheck form in " + this.service + ": " + test);
		};
	}

	/**
	 * Runs a command in the container.
	 * @param command the command
	 * @return what it printed, or a failed test
	 */
	String exec(String... command) {
		return Podman.exec(this.name, List.of(command)).successfulOutput();
	}

	/**
	 * {@code podman stop} with the compose file's {@code stop_grace_period}: SIGTERM,
	 * then SIGKILL once the grace period is over.
	 * @return the container's exit code
	 */
	int stop() {
		long grace = gracePeriod().toSeconds();
		Podman.run(Duration.ofSeconds(grace + 30), List.of("stop", "--time", Long.toString(grace), this.name));
		return Integer.parseInt(state("{{.State.ExitCode}}"));
	}

	/** The compose file's {@code stop_grace_period}. */
	Duration gracePeriod() {
		return Durations.parse(Yaml.stringAt(this.definition, "stop_grace_period"));
	}

	String state(String format) {
		return Podman.run("inspect", "--format", format, this.name).strip();
	}

	/** The last lines the app logged. */
	String logTail() {
		Tool.Run logs = Podman.attempt(Tool.Run.QUICK, List.of("logs", "--tail", "60", this.name));
		return logs.stdout() + logs.stderr();
	}

	@Override
	public void close() {
		Podman.attempt(Tool.Run.QUICK, List.of("rm", "--force", "--time", "10", this.name));
	}

	private static void sleep(Duration interval) {
		try {
			Thread.sleep(interval.toMillis()); // the healthcheck's own interval
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
