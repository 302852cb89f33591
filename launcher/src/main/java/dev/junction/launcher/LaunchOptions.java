/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@code ./run-local.sh} was asked to do. Parsing either succeeds whole or throws
 * {@link BadOptionException} naming the option, before anything has started.
 *
 * @param portOffset added to every local port, so a second platform (or a test) can run
 * beside the first
 * @param postgres where the databases live
 * @param namePrefix prefix of the databases, queue, exchange and Redis key names, so
 * several runs can share one server
 * @param workDirectory where the logs and the copies of the app jars go; {@code null} for
 * {@code target/run-local} under the repository root
 * @param startupTimeout how long every component may take to become ready
 * @param classSharing whether the apps start from class data sharing archives that their
 * previous run recorded ({@link ClassDataSharing})
 * @param help whether only the usage was asked for
 */
record LaunchOptions(int portOffset, PostgresMode postgres, String namePrefix, Path workDirectory,
		Duration startupTimeout, boolean classSharing, boolean help) {

	/** The largest offset that keeps the highest port (9083) valid. */
	static final int MAX_PORT_OFFSET = 65535 - Ports.HIGHEST_DEFAULT_PORT;

	private static final Pattern NAME_PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,29}");

	static final String USAGE = """
			Usage: ./run-local.sh [options]

			Starts the Junction platform on this machine (development only, loopback only): the dev Consul
			agent, the gateway, sample-user-service v1 and v2, sample-order-service. Uses the local PostgreSQL,
			Redis and RabbitMQ when they answer on their default ports; an embedded PostgreSQL when none does.
			Ctrl-C (or SIGTERM) stops everything: the gateway first, then the services, the agent last.

			Options:
			  --port-offset=N          add N to every port (default 0: Consul 8500, gateway 8080/9080,
			                           user-service v1 8081/9081 and v2 8082/9082, order-service 8083/9083)
			  --embedded-postgres      always run an embedded PostgreSQL, even when one answers on 5432
			  --no-embedded-postgres   never run one: fail when no PostgreSQL answers on 127.0.0.1:5432
			  --name-prefix=NAME       prefix of the databases (NAME_users, NAME_orders), queue, exchange
			                           and Redis keys; [a-z][a-z0-9_]*, at most 30 characters (default junction)
			  --work-dir=DIR           where logs and jar copies go (default target/run-local)
			  --startup-timeout=SECS   how long each component may take to become ready (default 180)
			  --no-class-sharing       start the apps from their plain jars; by default each app's first run
			                           after a build records a class data sharing archive when it stops, and
			                           the next runs start from it (about half the start-up time)
			  --help                   print this and exit
			""";

	static LaunchOptions defaults() {
		return new LaunchOptions(0, PostgresMode.AUTO, "junction", null, Duration.ofSeconds(180), true, false);
	}

	/**
	 * Parses command-line arguments.
	 * @param args the arguments
	 * @return the options
	 * @throws BadOptionException naming the first option that is wrong
	 */
	static LaunchOptions parse(List<String> args) {
		LaunchOptions options = defaults();
		boolean embedded = false;
		boolean noEmbedded = false;
		for (String arg : args) {
			String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
			String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
			switch (name) {
				case "--help", "-h" -> options = options.withHelp();
				case "--port-offset" -> options = options.withPortOffset(portOffset(required(name, value)));
				case "--embedded-postgres" -> {
					flag(name, value);
					embedded = true;
				}
				case "--no-embedded-postgres" -> {
					flag(name, value);
					noEmbedded = true;
				}
				case "--name-prefix" -> options = options.withNamePrefix(namePrefix(required(name, value)));
				case "--work-dir" -> options = options.withWorkDirectory(Path.of(required(name, value)));
				case "--startup-timeout" ->
					options = options.withStartupTimeout(Duration.ofSeconds(seconds(required(name, value))));
				case "--no-class-sharing" -> {
					flag(name, value);
					options = options.withoutClassSharing();
				}
				default -> throw new BadOptionException("Unknown option '" + arg + "'.");
			}
		}
		if (embedded && noEmbedded) {
			throw new BadOptionException(
					"--embedded-postgres and --no-embedded-postgres contradict each other: " + "give at most one.");
		}
		PostgresMode mode = embedded ? PostgresMode.EMBEDDED : noEmbedded ? PostgresMode.LOCAL : PostgresMode.AUTO;
		return new LaunchOptions(options.portOffset, mode, options.namePrefix, options.workDirectory,
				options.startupTimeout, options.classSharing, options.help);
	}

	Ports ports() {
		return new Ports(this.portOffset);
	}

	private LaunchOptions withHelp() {
		return new LaunchOptions(this.portOffset, this.postgres, this.namePrefix, this.workDirectory,
				this.startupTimeout, this.classSharing, true);
	}

	private LaunchOptions withoutClassSharing() {
		return new LaunchOptions(this.portOffset, this.postgres, this.namePrefix, this.workDirectory,
				this.startupTimeout, false, this.help);
	}

	private LaunchOptions withPortOffset(int portOffset) {
		return new LaunchOptions(portOffset, this.postgres, this.namePrefix, this.workDirectory, this.startupTimeout,
				this.classSharing, this.help);
	}

	private LaunchOptions withNamePrefix(String namePrefix) {
		return new LaunchOptions(this.portOffset, this.postgres, namePrefix, this.workDirectory, this.startupTimeout,
				this.classSharing, this.help);
	}

	private LaunchOptions withWorkDirectory(Path workDirectory) {
		return new LaunchOptions(this.portOffset, this.postgres, this.namePrefix, workDirectory, this.startupTimeout,
				this.classSharing, this.help);
	}

	private LaunchOptions withStartupTimeout(Duration startupTimeout) {
		return new LaunchOptions(this.portOffset, this.postgres, this.namePrefix, this.workDirectory, startupTimeout,
				this.classSharing, this.help);
	}

	private static String required(String name, String value) {
		if (value == null || value.isBlank()) {
			throw new BadOptionException(name + " needs a value, as in " + name + "=...");
		}
		return value;
	}

	private static void flag(String name, String value) {
		if (value != null) {
			throw new BadOptionException(name + " takes no value (got '" + value + "').");
		}
	}

	private static int portOffset(String value) {
		int offset = integer("--port-offset", value);
		if (offset < 0 || offset > MAX_PORT_OFFSET) {
			throw new BadOptionException(
					"--port-offset must be between 0 and " + MAX_PORT_OFFSET + " (the highest port, "
							+ Ports.HIGHEST_DEFAULT_PORT + " + N, must stay below 65536), not " + value + ".");
		}
		return offset;
	}

	private static long seconds(String value) {
		int seconds = integer("--startup-timeout", value);
		if (seconds < 1) {
			throw new BadOptionException("--startup-timeout must be at least 1 (seconds), not " + value + ".");
		}
		return seconds;
	}

	private static int integer(String name, String value) {
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new BadOptionException(name + " needs a whole number, not '" + value + "'.");
		}
	}

	private static String namePrefix(String value) {
		if (!NAME_PREFIX.matcher(value).matches()) {
			throw new BadOptionException("--name-prefix must match [a-z][a-z0-9_]* with at most 30 characters "
					+ "(it names PostgreSQL databases), not '" + value + "'.");
		}
		return value;
	}

	/** Where the databases live. */
	enum PostgresMode {

		/** The local server when it answers on 127.0.0.1:5432, else an embedded one. */
		AUTO,

		/** Always an embedded server. */
		EMBEDDED,

		/** Only the local server; fail without it. */
		LOCAL

	}

	/** An option the launcher cannot run with; its message says which and why. */
	static final class BadOptionException extends RuntimeException {

		BadOptionException(String message) {
			super(message);
		}

	}

}
