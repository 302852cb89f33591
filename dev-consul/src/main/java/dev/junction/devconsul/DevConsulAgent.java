/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-JVM development agent that answers the Consul HTTP API Junction and
 * spring-cloud-consul use, like {@code consul agent -dev}: one node, in memory, never for
 * production. Start one per test class (it starts in well under a second) or run
 * {@link DevConsulMain} on a laptop without Docker.
 *
 * <pre class="code">
 * try (DevConsulAgent consul = DevConsulAgent.start(DevConsulSettings.defaults())) {
 *     String url = consul.baseUrl(); // http://127.0.0.1:&lt;free port&gt;
 * }
 * </pre>
 */
public final class DevConsulAgent implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(DevConsulAgent.class);

	private final AgentServer server;

	private final Registry registry;

	private final CheckRunners runners;

	private final BlockingQueries waiters;

	private final ScheduledFuture<?> reaper;

	private final String host;

	private final int port;

	private final DevConsulSettings settings;

	private final AtomicBoolean closed = new AtomicBoolean();

	private DevConsulAgent(AgentServer server, Registry registry, CheckRunners runners, BlockingQueries waiters,
			ScheduledFuture<?> reaper, String host, DevConsulSettings settings) {
		this.server = server;
		this.registry = registry;
		this.runners = runners;
		this.waiters = waiters;
		this.reaper = reaper;
		this.host = host;
		this.port = server.port();
		this.settings = settings;
	}

	/**
	 * Start an agent; returns once it accepts connections.
	 * @param settings how to run it
	 * @return the running agent
	 * @throws IllegalStateException if the address cannot be bound
	 */
	public static DevConsulAgent start(DevConsulSettings settings) {
		long started = System.nanoTime();
		EventLoopGroup workers = AgentServer.newWorkers();
		NodeInfo node = new NodeInfo(settings.nodeName(), UUID.randomUUID().toString(),
				advertised(settings.bindAddress()), settings.datacenter());
		AtomicLong raftIndex = new AtomicLong(firstIndex());
		BlockingQueries waiters = new BlockingQueries();
		CheckRunners runners = new CheckRunners(workers);
		Registry registry = new Registry(new CatalogState(node, raftIndex), runners, waiters);
		KvStore kv = new KvStore(raftIndex, waiters);
		SessionStore sessions = new SessionStore(kv, raftIndex, waiters, workers.next());
		SessionStore.CheckView checks = registry.checkView();
		registry.onChecksChanged(() -> sessions.checksChanged(checks));
		Router router = router(settings, node, registry, kv, sessions, waiters);
		AgentServer server;
		try {
			server = AgentServer.bind(settings, workers, router);
		}
		catch (RuntimeException ex) {
			workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
			runners.close();
			throw ex;
		}
		long reapNanos = settings.reapInterval().toNanos();
		ScheduledFuture<?> reaper = workers.next()
			.scheduleAtFixedRate(() -> registry.reap(settings.reapMinimum()), reapNanos, reapNanos,
					TimeUnit.NANOSECONDS);
		DevConsulAgent agent = new DevConsulAgent(server, registry, runners, waiters, reaper, node.address(), settings);
		logger.info("Dev Consul agent (development only) listening on {} in {} ms ({})", agent.baseUrl(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), settings);
		return agent;
	}

	/**
	 * Indexes start from the clock (epoch milliseconds times 1000) instead of 0, so every
	 * index of a restarted agent is above any the previous run handed out: a client still
	 * blocking with an old index gets an answer at once instead of after its whole wait.
	 * Consul promises only that indexes grow, so clients cannot tell the difference.
	 */
	private static long firstIndex() {
		return System.currentTimeMillis() * 1000;
	}

	private static Router router(DevConsulSettings settings, NodeInfo node, Registry registry, KvStore kv,
			SessionStore sessions, BlockingQueries waiters) {
		Acl acl = new Acl(settings.aclToken());
		JsonViews views = new JsonViews(node);
		Router router = new Router();
		new AgentEndpoints(registry, acl, views, node).addTo(router);
		new CheckEndpoints(registry, acl, views).addTo(router);
		new HealthEndpoints(registry, waiters, acl, views, node).addTo(router);
		new CatalogEndpoints(registry, waiters, acl, views, node).addTo(router);
		new KvEndpoints(kv, sessions, waiters, acl, node).addTo(router);
		new SessionEndpoints(sessions, registry.checkView(), waiters, acl, node, settings).addTo(router);
		return router;
	}

	/** The address clients reach: loopback when bound to every interface. */
	private static String advertised(String bindAddress) {
		return switch (bindAddress) {
			case "0.0.0.0", "::", "[::]", "" -> "127.0.0.1";
			default -> bindAddress;
		};
	}

	/**
	 * The port the agent listens on (the free port chosen when the settings said 0).
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The agent's address, e.g. {@code http://127.0.0.1:8500}.
	 * @return the base URL, without a trailing slash
	 */
	public String baseUrl() {
		String literal = (this.host.contains(":") && !this.host.startsWith("[")) ? "[" + this.host + "]" : this.host;
		return "http://" + literal + ":" + port();
	}

	/** How many blocking queries are parked right now. */
	int parkedQueries() {
		return this.waiters.parked();
	}

	/**
	 * Stop accepting connections, answer parked blocking queries, stop check runners and
	 * release the port. Idempotent.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.reaper.cancel(false);
		this.registry.stopChecks();
		this.waiters.releaseAll(Duration.ofSeconds(1));
		this.server.close();
		this.runners.close();
		logger.info("Dev Consul agent on port {} stopped", this.port);
	}

	/**
	 * Stop this agent and start a new one on the same address and port with no state (no
	 * services, checks, KV or sessions), as a Consul agent restarted in {@code -dev} mode
	 * comes back. Clients see connections refused in between and then an empty agent.
	 * @return the new agent
	 * @throws IllegalStateException if the port cannot be bound again
	 */
	public DevConsulAgent restartEmpty() {
		close();
		return start(this.settings.withPort(this.port));
	}

	@Override
	public String toString() {
		return "DevConsulAgent[" + baseUrl() + "]";
	}

}
