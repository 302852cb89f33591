/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.junction.devconsul.DevConsulAgent;
import dev.junction.devconsul.DevConsulSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Locale;

/**
 * The platform on one machine: starts the dev Consul agent (in this JVM), PostgreSQL
 * (local or embedded), then the services and the gateway as child JVMs, reporting each as
 * it becomes ready; stops them in the reverse order of dependence: the gateway first, so
 * no new request arrives, then the services (each deregisters itself and drains), checks
 * with the agent that no instance is left, then PostgreSQL and the agent.
 * <p>
 * The agent runs in the launcher's JVM rather than as a child: one JVM fewer on a laptop
 * already running four, it starts in well under a second, and it lives exactly as long as
 * the launcher, which stops it last; its log still goes to a file of its own.
 */
final class Platform {

	private static final Logger logger = LoggerFactory.getLogger(Platform.class);

	/** Drain delay (3 s) plus Boot's graceful shutdown (at most 30 s), with room. */
	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);

	/**
	 * How long an app that records its class data sharing archive may take to exit: the
	 * JVM writes 80-100 MB after the app's own shutdown, three at once on a small
	 * machine.
	 */
	private static final Duration RECORDING_STOP_TIMEOUT = Duration.ofSeconds(120);

	private final LaunchOptions options;

	private final Ports ports;

	private final AppJars jars;

	private final Path workDirectory;

	private final Path logDirectory;

	private final long started = System.nanoTime();

	private final CountDownLatch stopped = new CountDownLatch(1);

	private final Map<String, ChildApp> apps = new LinkedHashMap<>();

	private final ClassDataSharing sharing;

	private final Map<String, ClassDataSharing.AppStart> sharingStarts = new LinkedHashMap<>();

	private volatile boolean stopping;

	private DevConsulAgent agent;

	private Postgres postgres;

	Platform(LaunchOptions options, AppJars jars, Path workDirectory, Path logDirectory) {
		this.options = options;
		this.ports = options.ports();
		this.jars = jars;
		this.workDirectory = workDirectory;
		this.logDirectory = logDirectory;
		this.sharing = new ClassDataSharing(options.classSharing(), workDirectory.resolve("apps"), logDirectory);
	}

	/**
	 * Starts everything and prints where it runs.
	 * @throws LaunchException saying what failed and what to do; what had started is left
	 * for {@link #stop()}
	 */
	void start() {
		logger.info("Junction local platform: FOR DEVELOPMENT ONLY, NOT FOR PRODUCTION (loopback only, no auth)");
		requireFreePorts();
		Map<String, Path> runnable = this.sharing.prepare(this.jars.copyAll(
				List.of("sample-user-service", "sample-order-service", "gateway"), this.workDirectory.resolve("jars")));
		startAgent();
		boolean redis = ServerProbe.redis(ServerProbe.REDIS_PORT);
		boolean rabbit = ServerProbe.rabbit(ServerProbe.RABBIT_PORT);
		progress("Redis", redis ? "local server on 127.0.0.1:" + ServerProbe.REDIS_PORT
				: "absent: user-service caches in process only, the gateway's rate limits follow its redis-down policy"
						+ " (allow); both use Redis once it answers on 127.0.0.1:" + ServerProbe.REDIS_PORT);
		progress("RabbitMQ", rabbit ? "local broker on 127.0.0.1:" + ServerProbe.RABBIT_PORT
				: "absent: orders are accepted, their events wait in order-service's outbox until a broker answers on"
						+ " 127.0.0.1:" + ServerProbe.RABBIT_PORT + " (guest/guest)");
		startPostgres();
		Deployment deployment = new Deployment(this.options, this.postgres);
		List<AppSpec> specs = new ArrayList<>(deployment.services());
		specs.add(deployment.gateway());
		startApps(specs, runnable);
		awaitRoutes();
		printSummary(specs, redis, rabbit);
	}

	private void requireFreePorts() {
		Map<Integer, String> wanted = new LinkedHashMap<>();
		wanted.put(this.ports.consul(), "dev Consul agent");
		wanted.put(this.ports.gateway(), "gateway");
		wanted.put(this.ports.gatewayManagement(), "gateway management");
		wanted.put(this.ports.userV1(), "user-service v1");
		wanted.put(this.ports.userV1Management(), "user-service v1 management");
		wanted.put(this.ports.userV2(), "user-service v2");
		wanted.put(this.ports.userV2Management(), "user-service v2 management");
		wanted.put(this.ports.order(), "order-service");
		wanted.put(this.ports.orderManagement(), "order-service management");
		List<String> taken = new ArrayList<>();
		wanted.forEach((port, what) -> {
			if (!ServerProbe.free(port)) {
				taken.add(port + " (" + what + ")");
			}
		});
		if (!taken.isEmpty()) {
			throw new LaunchException("Ports in use on 127.0.0.1: " + String.join(", ", taken)
					+ ". Stop what uses them (is another ./run-local.sh running?), or shift every port with"
					+ " --port-offset=N. Nothing was started.");
		}
	}

	private void startAgent() {
		long start = System.nanoTime();
		this.agent = DevConsulAgent.start(DevConsulSettings.defaults().withPort(this.ports.consul()));
		progress("dev Consul agent", "ready on " + this.agent.baseUrl() + " in " + since(start));
	}

	private void startPostgres() {
		long start = System.nanoTime();
		if (this.options.postgres() != LaunchOptions.PostgresMode.LOCAL
				&& (this.options.postgres() == LaunchOptions.PostgresMode.EMBEDDED
						|| !ServerProbe.postgres(ServerProbe.POSTGRES_PORT))) {
			progress("PostgreSQL", "starting an embedded server (the first run unpacks its binaries)");
		}
		this.postgres = Postgres.start(this.options.postgres(), this.workDirectory, this.logDirectory,
				Deployment.databases(this.options));
		progress("PostgreSQL", this.postgres + " ready in " + since(start) + ", databases "
				+ String.join(", ", Deployment.databases(this.options)));
	}

	private void startApps(List<AppSpec> specs, Map<String, Path> runnable) {
		for (AppSpec spec : specs) {
			ClassDataSharing.AppStart sharing = this.sharing.start(spec.name(), runnable.get(spec.module()));
			this.sharingStarts.put(spec.name(), sharing);
			ChildApp app = ChildApp.start(spec, runnable.get(spec.module()), this.logDirectory, sharing.jvmOptions());
			this.apps.put(spec.name(), app);
			app.process().onExit().thenAccept((process) -> {
				if (!this.stopping) {
					logger.warn("{} exited unexpectedly (code {}); its log: {}. Stop with Ctrl-C and start again.",
							spec.name(), process.exitValue(), Console.relative(app.log()));
				}
			});
		}
		progress("apps", "starting " + String.join(", ", this.apps.keySet()) + " (logs in "
				+ Console.relative(this.logDirectory) + ")");
		ExecutorService waiters = Executors.newFixedThreadPool(specs.size());
		try {
			ExecutorCompletionService<String> ready = new ExecutorCompletionService<>(waiters);
			for (ChildApp app : this.apps.values()) {
				ready.submit(() -> app.spec().name() + " ready in "
						+ Durations.seconds(app.awaitReady(this.options.startupTimeout())) + " on " + app.spec().url()
						+ this.sharingStarts.get(app.spec().name()).afterReady());
			}
			for (int i = 0; i < this.apps.size(); i++) {
				Future<String> next = ready.take();
				logger.info("[{}] {}", elapsed(), next.get());
			}
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof LaunchException launch) ? launch
					: new LaunchException("Starting the apps failed: " + ex.getCause(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LaunchException("Interrupted while the apps started", ex);
		}
		finally {
			waiters.shutdownNow();
		}
	}

	/**
	 * Waits until the gateway routes to every service and version: an app is ready a
	 * moment before its first Consul check passes and before the gateway's watch sees it,
	 * and "running" must mean the curl commands below work. A routed request is one the
	 * backend answered (it carries the backend's {@code Junction-Instance-Version}),
	 * whatever its status.
	 */
	private void awaitRoutes() {
		long start = System.nanoTime();
		long deadline = start + this.options.startupTimeout().toNanos();
		String gateway = "http://127.0.0.1:" + this.ports.gateway();
		Map<String, String> routes = new LinkedHashMap<>();
		routes.put("user-service v1", "/api/users/0|never|v1");
		routes.put("user-service v2", "/api/users/0|always|v2");
		routes.put("order-service", "/api/orders/0||");
		for (Map.Entry<String, String> route : routes.entrySet()) {
			String[] parts = route.getValue().split("\\|", -1);
			while (!GatewayProbe.answeredBy(gateway + parts[0], parts[1], parts[2])) {
				if (System.nanoTime() > deadline) {
					throw new LaunchException("The gateway did not route to " + route.getKey() + " within "
							+ Durations.seconds(this.options.startupTimeout()) + "; see the gateway's and the service's"
							+ " logs in " + Console.relative(this.logDirectory)
							+ ", or raise --startup-timeout on a slow machine");
				}
				try {
					Thread.sleep(250);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new LaunchException("Interrupted while waiting for the gateway's routes", ex);
				}
			}
		}
		progress("gateway", "routes to " + String.join(", ", routes.keySet()) + " (in " + since(start) + ")");
	}

	private void printSummary(List<AppSpec> specs, boolean redis, boolean rabbit) {
		Map<Integer, String> versions = new LinkedHashMap<>();
		try {
			new AgentRegistrations(this.agent.baseUrl()).instances()
				.forEach((instance) -> versions.put(instance.port(), instance.version()));
		}
		catch (IOException ex) {
			logger.warn("Could not read the registered versions from the agent: {}", ex.getMessage());
		}
		List<List<String>> rows = new ArrayList<>();
		rows.add(List.of("dev Consul agent", "-", this.agent.baseUrl(), "-",
				Console.relative(this.logDirectory.resolve("dev-consul.log"))));
		rows.add(List.of("PostgreSQL", this.postgres.embedded() ? "embedded" : "local",
				this.postgres.host() + ":" + this.postgres.port(), "-",
				this.postgres.embedded() ? Console.relative(this.logDirectory.resolve("postgres.log")) : "-"));
		rows.add(List.of("Redis", redis ? "local" : "absent", "127.0.0.1:" + ServerProbe.REDIS_PORT, "-", "-"));
		rows.add(List.of("RabbitMQ", rabbit ? "local" : "absent", "127.0.0.1:" + ServerProbe.RABBIT_PORT, "-", "-"));
		for (AppSpec spec : specs) {
			String version = spec.name().equals(Deployment.GATEWAY) ? "-"
					: versions.getOrDefault(spec.port(), "(not registered)");
			rows.add(List.of(spec.name(), version, spec.url(), spec.managementUrl(),
					Console.relative(this.apps.get(spec.name()).log())));
		}
		logger.info("\n\n{}\n{}", Console.table(rows),
				Console.tryIt(this.ports.gateway(), this.ports.gatewayManagement(), this.ports.consul()));
		logger.info("[{}] Junction is running. Ctrl-C stops everything.", elapsed());
	}

	/** Blocks until {@link #stop()} has finished. */
	void awaitStopped() throws InterruptedException {
		this.stopped.await();
	}

	/**
	 * Stops everything that started: the gateway, then the services (SIGTERM, SIGKILL
	 * after a timeout), then PostgreSQL (when embedded) and the agent. Idempotent.
	 */
	synchronized void stop() {
		if (this.stopping) {
			return;
		}
		this.stopping = true;
		long start = System.nanoTime();
		try {
			logger.info("Stopping: the gateway first, then the services, the dev Consul agent last");
			ChildApp gateway = this.apps.get(Deployment.GATEWAY);
			if (this.sharingStarts.values()
				.stream()
				.anyMatch((sharing) -> sharing.mode() == ClassDataSharing.Mode.RECORDING)) {
				logger.info("  (the apps write their class data sharing archives as they exit: a few seconds more"
						+ " this once)");
			}
			if (gateway != null) {
				gateway.terminate();
				logger.info("  {} {}", gateway.spec().name(), gateway.awaitExit(stopTimeout(gateway)));
				keepArchive(gateway);
			}
			List<ChildApp> services = this.apps.values().stream().filter((app) -> app != gateway).toList();
			int registered = registeredInstances().size();
			services.forEach(ChildApp::terminate);
			for (ChildApp service : services) {
				logger.info("  {} {}", service.spec().name(), service.awaitExit(stopTimeout(service)));
				keepArchive(service);
			}
			reportDeregistrations(registered);
			if (this.postgres != null) {
				this.postgres.close();
				if (this.postgres.embedded()) {
					logger.info("  embedded PostgreSQL stopped");
				}
			}
			if (this.agent != null) {
				this.agent.close();
				logger.info("  dev Consul agent stopped");
			}
			logger.info("Stopped everything in {}", since(start));
		}
		finally {
			this.stopped.countDown();
		}
	}

	private Duration stopTimeout(ChildApp app) {
		ClassDataSharing.AppStart sharing = this.sharingStarts.get(app.spec().name());
		return (sharing != null && sharing.mode() == ClassDataSharing.Mode.RECORDING) ? RECORDING_STOP_TIMEOUT
				: STOP_TIMEOUT;
	}

	private void keepArchive(ChildApp app) {
		ClassDataSharing.AppStart sharing = this.sharingStarts.get(app.spec().name());
		String outcome = (sharing != null) ? sharing.afterExit(!app.killed()) : null;
		if (outcome != null) {
			logger.info("  {}: {}", app.spec().name(), outcome);
		}
	}

	private List<AgentRegistrations.Instance> registeredInstances() {
		if (this.agent == null) {
			return List.of();
		}
		try {
			return new AgentRegistrations(this.agent.baseUrl()).instances();
		}
		catch (IOException ex) {
			logger.warn("Could not ask the dev Consul agent what is registered: {}", ex.getMessage());
			return List.of();
		}
	}

	private void reportDeregistrations(int registered) {
		if (this.agent == null) {
			return;
		}
		List<AgentRegistrations.Instance> left = registeredInstances();
		if (left.isEmpty()) {
			logger.info("  dev Consul agent: all {} instances deregistered themselves", registered);
		}
		else {
			logger.warn(
					"  dev Consul agent: still registered after the services stopped: {} (a killed instance "
							+ "cannot deregister; see its log)",
					left.stream().map(AgentRegistrations.Instance::id).toList());
		}
	}

	private void progress(String component, String what) {
		logger.info("[{}] {}: {}", elapsed(), component, what);
	}

	private String elapsed() {
		return String.format(Locale.ROOT, "%5.1f s", (System.nanoTime() - this.started) / 1e9);
	}

	private static String since(long start) {
		return Durations.seconds(Duration.ofNanos(System.nanoTime() - start));
	}

}
