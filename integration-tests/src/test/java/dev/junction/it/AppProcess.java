/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.junction.testsupport.LoopbackPorts;
import dev.junction.testsupport.ManagedProcess;
import dev.junction.testsupport.ProjectLayout;

/**
 * One instance of a sample app running as a child JVM from its packaged runnable jar, on
 * free ports of its own: the app port (API, {@code /readyz}, {@code /livez}, what Consul
 * checks) and the management port (actuator). A restart starts a new process with the
 * same jar, ports and properties, as a platform restarting a pod in place would.
 */
final class AppProcess implements AutoCloseable {

	/** How long a child JVM may take to become ready on a busy 2-core machine. */
	static final Duration STARTUP = Duration.ofSeconds(90);

	private final String name;

	private final Path jar;

	private final Map<String, String> properties;

	private final int port;

	private final int managementPort;

	private volatile ManagedProcess process;

	private AppProcess(String name, Path jar, Map<String, String> properties) {
		this.name = name;
		this.jar = jar;
		this.port = freePort();
		this.managementPort = freePort();
		this.properties = new LinkedHashMap<>(properties);
		this.properties.put("server.port", Integer.toString(this.port));
		this.properties.put("management.server.port", Integer.toString(this.managementPort));
		this.process = launch();
	}

	/**
	 * Starts an instance of a module's runnable jar; it is not ready yet.
	 * @param name short name for logs, such as {@code user-a}
	 * @param module the module folder, such as {@code sample-user-service}
	 * @param properties Spring properties ({@code --key=value} arguments)
	 * @return the starting instance
	 */
	static AppProcess start(String name, String module, Map<String, String> properties) {
		return new AppProcess(name, ProjectLayout.runnableJarSnapshot(module), properties);
	}

	private ManagedProcess launch() {
		return ManagedProcess.builder(this.name, this.jar).properties(this.properties).start();
	}

	/** Waits until the instance says it takes traffic, failing with its log if not. */
	AppProcess awaitReady() {
		this.process.awaitHttpOk(url("/readyz"), STARTUP);
		return this;
	}

	/**
	 * Waits until the readiness probe on the management port says the instance takes
	 * traffic (the gateway's probes live there: its app port serves routed traffic only),
	 * failing with its log if not.
	 */
	AppProcess awaitReadyOnManagementPort() {
		this.process.awaitHttpOk(managementUrl("/readyz"), STARTUP);
		return this;
	}

	/** Sends SIGTERM and waits for the graceful shutdown to end. */
	int stopGracefully() {
		this.process.terminate();
		return this.process.awaitExit(Duration.ofSeconds(60));
	}

	/** Sends SIGKILL and waits until the process is gone. */
	int kill() {
		this.process.kill();
		return this.process.awaitExit(Duration.ofSeconds(30));
	}

	/** Starts the instance again (after it exited) with the same ports and properties. */
	AppProcess restart() {
		if (this.process.isAlive()) {
			throw new IllegalStateException(this.name + " is still running; stop or kill it before a restart");
		}
		this.process = launch();
		return this;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	/** A URL on the app port, such as {@code http://127.0.0.1:41234/api/users/1}. */
	String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	/** A URL on the management port, such as {@code .../actuator/metrics}. */
	String managementUrl(String path) {
		return "http://127.0.0.1:" + this.managementPort + path;
	}

	/** Everything the current process has logged so far. */
	String log() {
		return this.process.log();
	}

	/** How many lines of the current process's log contain the text. */
	long logLinesContaining(String text) {
		return log().lines().filter((line) -> line.contains(text)).count();
	}

	/** The current process's failure description (what happened, then its log tail). */
	String describe(String what) {
		return this.process.describe(what);
	}

	@Override
	public void close() {
		this.process.close();
	}

	/**
	 * Stops instances together: SIGTERM to all, then waits for each (SIGKILL after 10 s).
	 * @param instances instances, {@code null} for one that never started
	 */
	static void closeAll(AppProcess... instances) {
		for (AppProcess instance : instances) {
			if (instance != null && instance.isAlive()) {
				instance.process.terminate();
			}
		}
		for (AppProcess instance : instances) {
			if (instance != null) {
				instance.close();
			}
		}
	}

	private static int freePort() {
		return LoopbackPorts.free();
	}

}
