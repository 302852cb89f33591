/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One instance of an app running as a child JVM ({@link ManagedProcess}) from a runnable
 * jar, on free loopback ports of its own ({@link LoopbackPorts}): the app port (API, what
 * Consul checks) and the management port (actuator). Its readiness probe is on one of the
 * two ({@code /readyz} on the app port unless told otherwise: the gateway's probes live
 * on its management port, its app port serves routed traffic only). A restart starts a
 * new process with the same jar, JVM options, ports and properties, as a platform
 * restarting a pod in place would.
 *
 * <pre class="code">
 * try (AppInstance users = AppInstance.start("user-a", "sample-user-service", properties)) {
 * 	users.awaitReady();
 * 	HttpResponse&lt;String&gt; answer = users.get("/api/users/1");
 * }
 * </pre>
 */
public final class AppInstance implements AutoCloseable {

	/** How long a child JVM may take to become ready on a busy 2-core machine. */
	public static final Duration STARTUP = Duration.ofSeconds(120);

	/**
	 * A {@code logging.pattern.dateformat} that {@link #logTimes} parses: ISO with
	 * milliseconds and the offset, whatever the machine's locale.
	 */
	public static final String LOG_DATE_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

	private static final String LOOPBACK = "http://127.0.0.1:";

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String name;

	private final Path jar;

	private final List<String> jvmArgs;

	private final Path javaHome;

	private final Map<String, String> properties;

	private final int port;

	private final int managementPort;

	private final String readinessUrl;

	private volatile ManagedProcess process;

	private AppInstance(Builder builder) {
		this.name = builder.name;
		this.jar = builder.jar;
		this.jvmArgs = List.copyOf(builder.jvmArgs);
		this.javaHome = builder.javaHome;
		this.port = LoopbackPorts.free();
		this.managementPort = LoopbackPorts.free();
		this.properties = new LinkedHashMap<>(builder.properties);
		this.properties.put("server.port", Integer.toString(this.port));
		this.properties.put("management.server.port", Integer.toString(this.managementPort));
		this.readinessUrl = builder.readinessOnManagementPort ? managementUrl(builder.readinessPath)
				: url(builder.readinessPath);
		this.process = launch();
	}

	/**
	 * Starts an instance of a module's runnable jar with {@code /readyz} on the app port
	 * as its readiness probe; it is not ready yet.
	 * @param name short name for logs, such as {@code user-a}
	 * @param module the module folder, such as {@code sample-user-service}
	 * @param properties Spring properties ({@code --key=value} arguments)
	 * @return the starting instance
	 */
	public static AppInstance start(String name, String module, Map<String, String> properties) {
		return module(name, module).properties(properties).start();
	}

	/**
	 * Starts describing an instance of a module's runnable jar (a copy of it, so that a
	 * rebuild during the run does not change it).
	 * @param name short name for logs
	 * @param module the module folder, such as {@code gateway}
	 * @return a builder
	 */
	public static Builder module(String name, String module) {
		return jar(name, ProjectLayout.runnableJarSnapshot(module));
	}

	/**
	 * Starts describing an instance of a runnable jar.
	 * @param name short name for logs
	 * @param jar the runnable jar
	 * @return a builder
	 */
	public static Builder jar(String name, Path jar) {
		return new Builder(name, jar);
	}

	private ManagedProcess launch() {
		ManagedProcess.Builder builder = ManagedProcess.builder(this.name, this.jar).properties(this.properties);
		this.jvmArgs.forEach(builder::jvmArg);
		return builder.javaHome(this.javaHome).start();
	}

	/** Waits until the readiness probe answers 200, failing with the log if not. */
	public AppInstance awaitReady() {
		this.process.awaitHttpOk(this.readinessUrl, STARTUP);
		return this;
	}

	/** Sends SIGTERM and waits (at most 60 s) for the graceful shutdown to end. */
	public int stopGracefully() {
		this.process.terminate();
		return this.process.awaitExit(Duration.ofSeconds(60));
	}

	/** Sends SIGKILL and waits until the process is gone. */
	public int kill() {
		this.process.kill();
		return this.process.awaitExit(Duration.ofSeconds(30));
	}

	/** Starts the instance again (after it exited) with the same ports and properties. */
	public AppInstance restart() {
		if (this.process.isAlive()) {
			throw new IllegalStateException(this.name + " is still running; stop or kill it before a restart");
		}
		this.process = launch();
		return this;
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public String name() {
		return this.name;
	}

	public long pid() {
		return this.process.pid();
	}

	/** The jar it runs. */
	public Path jar() {
		return this.jar;
	}

	public int port() {
		return this.port;
	}

	public int managementPort() {
		return this.managementPort;
	}

	/** A URL on the app port, such as {@code http://127.0.0.1:41234/api/users/1}. */
	public String url(String path) {
		return LOOPBACK + this.port + path;
	}

	/** A URL on the management port, such as {@code .../actuator/metrics}. */
	public String managementUrl(String path) {
		return LOOPBACK + this.managementPort + path;
	}

	/**
	 * A GET on the app port.
	 * @param path the path and query
	 * @param headers request headers
	 * @return the answer, whatever its status
	 */
	public HttpResponse<String> get(String path, Map<String, String> headers) {
		return send("GET", path, headers);
	}

	/**
	 * A GET on the management port.
	 * @param path the path, such as {@code /actuator/health}
	 * @return the answer, whatever its status
	 */
	public HttpResponse<String> getManagement(String path) {
		return call(URI.create(managementUrl(path)), "GET", Map.of());
	}

	/**
	 * A request without a body on the app port.
	 * @param method the method, such as {@code POST}
	 * @param path the path and query
	 * @param headers request headers
	 * @return the answer, whatever its status
	 */
	public HttpResponse<String> send(String method, String path, Map<String, String> headers) {
		return call(URI.create(url(path)), method, headers);
	}

	private HttpResponse<String> call(URI uri, String method, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(20))
			.method(method, HttpRequest.BodyPublishers.noBody());
		headers.forEach(request::header);
		try {
			return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(describe(method + " " + uri + " failed: " + ex), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted during " + method + " " + uri, ex);
		}
	}

	/** Everything the current process has logged so far. */
	public String log() {
		return this.process.log();
	}

	/** Where the current process's output goes. */
	public Path logFile() {
		return this.process.logFile();
	}

	/** How many lines of the current process's log contain the text. */
	public long logLinesContaining(String text) {
		return log().lines().filter((line) -> line.contains(text)).count();
	}

	/**
	 * When the app logged lines containing the text, in milliseconds since the epoch,
	 * from the timestamp each line starts with: the app must log with
	 * {@code logging.pattern.dateformat} = {@link #LOG_DATE_FORMAT}.
	 */
	public List<Long> logTimes(String text) {
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

	/** The current process's failure description (what happened, then its log tail). */
	public String describe(String what) {
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
	public static void closeAll(AppInstance... instances) {
		closeAll(Arrays.asList(instances));
	}

	/**
	 * Stops instances together: SIGTERM to all, then waits for each (SIGKILL after 10 s).
	 * @param instances instances, {@code null} for one that never started
	 */
	public static void closeAll(Collection<AppInstance> instances) {
		for (AppInstance instance : instances) {
			if (instance != null && instance.isAlive()) {
				instance.process.terminate();
			}
		}
		for (AppInstance instance : instances) {
			if (instance != null) {
				instance.close();
			}
		}
	}

	/**
	 * Describes an instance before it starts.
	 */
	public static final class Builder {

		private final String name;

		private final Path jar;

		private final Map<String, String> properties = new LinkedHashMap<>();

		private final List<String> jvmArgs = new ArrayList<>();

		private Path javaHome = Path.of(System.getProperty("java.home"));

		private String readinessPath = "/readyz";

		private boolean readinessOnManagementPort;

		private Builder(String name, Path jar) {
			this.name = name;
			this.jar = jar;
		}

		/** Adds Spring properties; later ones override earlier ones. */
		public Builder properties(Map<String, String> properties) {
			this.properties.putAll(properties);
			return this;
		}

		/** Adds a Spring property. */
		public Builder property(String key, String value) {
			this.properties.put(key, value);
			return this;
		}

		/** Adds JVM options (after {@link ManagedProcess}'s defaults, so they win). */
		public Builder jvmArgs(String... jvmArgs) {
			this.jvmArgs.addAll(List.of(jvmArgs));
			return this;
		}

		/** The JDK or JRE to run the jar with (the one running the tests by default). */
		public Builder javaHome(Path javaHome) {
			this.javaHome = javaHome;
			return this;
		}

		/** The readiness probe: a path on the app port ({@code /readyz} by default). */
		public Builder readiness(String path) {
			this.readinessPath = path;
			this.readinessOnManagementPort = false;
			return this;
		}

		/** The readiness probe: a path on the management port. */
		public Builder readinessOnManagementPort(String path) {
			this.readinessPath = path;
			this.readinessOnManagementPort = true;
			return this;
		}

		/** Starts the instance; it is not ready yet. */
		public AppInstance start() {
			return new AppInstance(this);
		}

	}

}
