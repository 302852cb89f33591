/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.junction.testsupport.LoopbackPorts;
import dev.junction.testsupport.ManagedProcess;
import dev.junction.testsupport.ProjectLayout;

/**
 * One app of a scenario running as a child JVM ({@link ManagedProcess}) from a copy of
 * its module's runnable jar, on free loopback ports of its own (app and management).
 * Every app of a run runs the same JVM options, so that figures compare like with like.
 */
final class BenchApp implements AutoCloseable {

	/** How long a child JVM may take to become ready on a busy 2-core machine. */
	static final Duration STARTUP = Duration.ofSeconds(120);

	/**
	 * The log's timestamps, parsed by {@link #logTimes}: ISO with milliseconds and the
	 * offset, whatever the machine's locale.
	 */
	static final String LOG_DATE_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

	private final String name;

	private final ManagedProcess process;

	private final int port;

	private final int managementPort;

	private final String readinessPath;

	private BenchApp(String name, Path jar, Map<String, String> properties, String readinessPath,
			List<String> jvmArgs) {
		this.name = name;
		this.port = freePort();
		this.managementPort = freePort();
		this.readinessPath = readinessPath;
		Map<String, String> all = new LinkedHashMap<>(properties);
		all.put("server.port", Integer.toString(this.port));
		all.put("management.server.port", Integer.toString(this.managementPort));
		all.put("server.address", "127.0.0.1");
		all.put("management.server.address", "127.0.0.1");
		all.put("spring.main.banner-mode", "off");
		all.put("logging.pattern.dateformat", LOG_DATE_FORMAT);
		ManagedProcess.Builder builder = ManagedProcess.builder(name, jar).properties(all);
		// the same compiler and collector for every app: ManagedProcess's defaults favour
		// start-up time
		builder.jvmArg("-XX:TieredStopAtLevel=4");
		jvmArgs.forEach(builder::jvmArg);
		this.process = builder.start();
	}

	/**
	 * Starts an app of a module; it is not ready yet.
	 * @param name short name for logs
	 * @param module the module folder, such as {@code gateway}
	 * @param properties Spring properties
	 * @param readinessPath {@code /readyz} on the app port ({@code app:/readyz}) or on
	 * the management port ({@code management:/readyz})
	 * @param jvmArgs extra JVM options
	 * @return the starting app
	 */
	static BenchApp start(String name, String module, Map<String, String> properties, String readinessPath,
			String... jvmArgs) {
		return new BenchApp(name, ProjectLayout.runnableJarSnapshot(module), properties, readinessPath,
				List.of(jvmArgs));
	}

	/**
	 * Starts a main class of the bench module's own classpath as an app (the plain
	 * gateway), through a jar that holds only a manifest naming the class and the
	 * classpath.
	 */
	static BenchApp startFromClasspath(String name, String mainClass, Map<String, String> properties,
			String readinessPath, String... jvmArgs) {
		return new BenchApp(name, LauncherJar.of(mainClass), properties, readinessPath, List.of(jvmArgs));
	}

	/** Waits until the app says it takes traffic, failing with its log if not. */
	BenchApp awaitReady() {
		String path = this.readinessPath.substring(this.readinessPath.indexOf(':') + 1);
		this.process.awaitHttpOk(this.readinessPath.startsWith("management:") ? managementUrl(path) : url(path),
				STARTUP);
		return this;
	}

	/** Sends SIGTERM and waits (at most 60 s) for the graceful shutdown to end. */
	int stopGracefully() {
		this.process.terminate();
		return this.process.awaitExit(Duration.ofSeconds(60));
	}

	/** Sends SIGKILL and waits until the process is gone. */
	int kill() {
		this.process.kill();
		return this.process.awaitExit(Duration.ofSeconds(30));
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	String name() {
		return this.name;
	}

	long pid() {
		return this.process.pid();
	}

	int port() {
		return this.port;
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	String managementUrl(String path) {
		return "http://127.0.0.1:" + this.managementPort + path;
	}

	String log() {
		return this.process.log();
	}

	Path logFile() {
		return this.process.logFile();
	}

	String describe(String what) {
		return this.process.describe(what);
	}

	/**
	 * When the app logged lines containing the text (from the timestamp each line starts
	 * with), in milliseconds since the epoch.
	 */
	List<Long> logTimes(String text) {
		List<Long> times = new ArrayList<>();
		for (String line : log().lines().filter((line) -> line.contains(text)).toList()) {
			int space = line.indexOf(' ');
			if (space > 0) {
				try {
					times.add(OffsetDateTime.parse(line.substring(0, space)).toInstant().toEpochMilli());
				}
				catch (RuntimeException ex) {
					// a continuation line (stack trace): no timestamp
				}
			}
		}
		return times;
	}

	@Override
	public void close() {
		this.process.close();
	}

	/** SIGTERM to all, then waits for each (SIGKILL after 10 s); skips nulls. */
	static void closeAll(List<BenchApp> apps) {
		for (BenchApp app : apps) {
			if (app != null && app.isAlive()) {
				app.process.terminate();
			}
		}
		for (BenchApp app : apps) {
			if (app != null) {
				app.close();
			}
		}
	}

	static int freePort() {
		return LoopbackPorts.free();
	}

}
