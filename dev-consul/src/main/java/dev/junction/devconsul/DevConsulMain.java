/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the dev Consul agent standalone:
 * {@code java -jar dev-consul/target/junction-dev-consul-*.jar --port=8500}. Ctrl-C or
 * SIGTERM stops it cleanly. Logging uses {@code dev-consul-logback.xml} unless
 * {@code -Dlogback.configurationFile} says otherwise.
 */
public final class DevConsulMain {

	private static final String LOGBACK_PROPERTY = "logback.configurationFile";

	private DevConsulMain() {
	}

	/**
	 * Start the agent and run until the JVM is asked to stop.
	 * @param args the options; {@code --help} lists them
	 */
	public static void main(String[] args) {
		if (System.getProperty(LOGBACK_PROPERTY) == null) {
			System.setProperty(LOGBACK_PROPERTY, "dev-consul-logback.xml");
		}
		int code = run(args, System.out, System.err, DevConsulMain::untilShutdown);
		if (code != 0) {
			System.exit(code);
		}
	}

	/**
	 * Parse the options, start the agent, hand it to {@code lifetime}, close it when that
	 * returns.
	 * @return the exit code: 0 after {@code --help} or a clean stop, 1 when the agent
	 * cannot start, 2 for a bad option
	 */
	static int run(String[] args, PrintStream out, PrintStream err, Consumer<DevConsulAgent> lifetime) {
		CommandLine commandLine;
		try {
			commandLine = CommandLine.parse(args);
		}
		catch (IllegalArgumentException ex) {
			err.println("dev-consul: " + ex.getMessage());
			err.println();
			err.print(CommandLine.USAGE);
			return 2;
		}
		if (commandLine.help()) {
			out.print(CommandLine.USAGE);
			return 0;
		}
		Logger logger = LoggerFactory.getLogger(DevConsulMain.class);
		DevConsulAgent agent;
		try {
			agent = DevConsulAgent.start(commandLine.settings());
		}
		catch (IllegalStateException ex) {
			err.println("dev-consul: " + ex.getMessage());
			return 1;
		}
		try (agent) {
			DevConsulSettings settings = commandLine.settings();
			logger.warn("""

					==================================================================
					 Junction dev Consul agent: FOR DEVELOPMENT ONLY, NOT FOR PRODUCTION
					 in memory (nothing survives a restart), one node, no TLS
					 Consul HTTP API: {}  (ACL {})
					 point apps at it: spring.cloud.consul.host={} spring.cloud.consul.port={}
					==================================================================""", agent.baseUrl(),
					(settings.aclToken() != null) ? "on, default policy deny" : "off",
					URI.create(agent.baseUrl()).getHost(), agent.port());
			if (!isLoopback(settings.bindAddress())) {
				logger.warn("Bound to {}: the agent is reachable from the network and has no authentication"
						+ " unless --acl-token is set", settings.bindAddress());
			}
			lifetime.accept(agent);
		}
		return 0;
	}

	private static boolean isLoopback(String address) {
		try {
			return InetAddress.getByName(address).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	private static void untilShutdown(DevConsulAgent agent) {
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			agent.close();
			stopped.countDown();
		}, "dev-consul-shutdown"));
		boolean interrupted = false;
		while (stopped.getCount() > 0) {
			try {
				stopped.await();
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

}
