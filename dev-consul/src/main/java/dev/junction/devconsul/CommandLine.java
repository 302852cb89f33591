/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.time.Duration;

/**
 * The options of {@link DevConsulMain}, parsed into {@link DevConsulSettings}.
 */
final class CommandLine {

	static final String USAGE = """
			Usage: java -jar junction-dev-consul.jar [options]

			Runs a Consul-compatible development agent in memory (like `consul agent -dev`).
			For development and tests only: never use it in production.

			Options:
			  --port=<port>               port to listen on (default 8500; 0 picks a free port)
			  --bind=<address>            address to listen on (default 127.0.0.1, loopback only)
			  --acl-token=<token>         turn ACLs on (default_policy=deny) with this management token
			  --reap-interval=<duration>  how often critical services are reaped (default 30s)
			  --reap-minimum=<duration>   floor for DeregisterCriticalServiceAfter (default 1m);
			                              lower values are a dev/test option a real Consul does not have
			  --help                      print this help and exit

			Durations use Go syntax: 500ms, 10s, 1m30s.
			""";

	private final DevConsulSettings settings;

	private final boolean help;

	private CommandLine(DevConsulSettings settings, boolean help) {
		this.settings = settings;
		this.help = help;
	}

	/**
	 * Parse the arguments.
	 * @param args the command-line arguments
	 * @return the parsed command line
	 * @throws IllegalArgumentException with a message for the user if an option is bad
	 */
	static CommandLine parse(String... args) {
		DevConsulSettings settings = DevConsulSettings.defaults().withPort(8500);
		boolean help = false;
		for (String arg : args) {
			if (arg.equals("--help") || arg.equals("-h")) {
				help = true;
				continue;
			}
			int equals = arg.indexOf('=');
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("Unknown argument '" + arg + "'");
			}
			if (equals < 0) {
				throw new IllegalArgumentException(
						"Unknown option or missing value: '" + arg + "' (options take the form --name=value)");
			}
			String name = arg.substring(2, equals);
			String value = arg.substring(equals + 1);
			try {
				settings = apply(settings, name, value);
			}
			catch (UnknownOption ex) {
				throw ex;
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("Bad value for --" + name + ": " + ex.getMessage(), ex);
			}
		}
		return new CommandLine(settings, help);
	}

	private static DevConsulSettings apply(DevConsulSettings settings, String name, String value) {
		return switch (name) {
			case "port" -> settings.withPort(port(value));
			case "bind" -> settings.withBindAddress(nonEmpty(value));
			case "acl-token" -> settings.withAclToken(nonEmpty(value));
			case "reap-interval" -> settings.withReapInterval(duration(value));
			case "reap-minimum" -> settings.withReapMinimum(duration(value));
			default -> throw new UnknownOption(name);
		};
	}

	private static int port(String value) {
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("'" + value + "' is not a port number");
		}
	}

	private static Duration duration(String value) {
		return GoDuration.parse(value);
	}

	private static String nonEmpty(String value) {
		if (value.isBlank()) {
			throw new IllegalArgumentException("must not be empty");
		}
		return value;
	}

	DevConsulSettings settings() {
		return this.settings;
	}

	boolean help() {
		return this.help;
	}

	/** An option name the agent does not know. */
	private static final class UnknownOption extends IllegalArgumentException {

		UnknownOption(String name) {
			super("Unknown option '--" + name + "'");
		}

	}

}
