/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./run-local.sh}: the Junction platform on one machine. See
 * {@link LaunchOptions#USAGE} and {@link Platform}. Exit codes: 0 after a clean stop (or
 * {@code --help}), 1 when the platform could not start, 2 for bad options (nothing
 * started); 130/143 when stopped by SIGINT/SIGTERM, as the JVM reports.
 */
public final class LauncherMain {

	/** The system property the log configuration reads the log folder from. */
	static final String LOG_DIRECTORY_PROPERTY = "junction.launcher.logs";

	private LauncherMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		LaunchOptions options;
		try {
			options = LaunchOptions.parse(List.of(args));
		}
		catch (LaunchOptions.BadOptionException ex) {
			System.err.println("run-local: " + ex.getMessage());
			System.err.println("Run ./run-local.sh --help for the options. Nothing was started.");
			System.exit(2);
			return;
		}
		if (options.help()) {
			System.out.print(LaunchOptions.USAGE);
			return;
		}
		Path root = root();
		if (root == null) {
			System.err.println("run-local: no Junction checkout (a folder with mvnw and pom.xml) above "
					+ Path.of("").toAbsolutePath() + ". Run ./run-local.sh from the repository. Nothing was started.");
			System.exit(2);
			return;
		}
		Path work = (options.workDirectory() != null) ? options.workDirectory().toAbsolutePath()
				: root.resolve("target").resolve("run-local");
		Path logs = work.resolve("logs");
		try {
			Files.createDirectories(logs);
		}
		catch (IOException ex) {
			System.err.println("run-local: cannot create " + logs + " (" + ex.getMessage()
					+ "). Pass a writable --work-dir. Nothing was started.");
			System.exit(2);
			return;
		}
		// read by logback.xml: set before the first logger exists
		System.setProperty(LOG_DIRECTORY_PROPERTY, logs.toString());
		Logger logger = LoggerFactory.getLogger(LauncherMain.class);
		Platform platform = new Platform(options, new AppJars(root), work, logs);
		Runtime.getRuntime().addShutdownHook(new Thread(platform::stop, "junction-launcher-stop"));
		try {
			platform.start();
		}
		catch (LaunchException ex) {
			logger.error(ex.getMessage());
			System.exit(1); // the shutdown hook stops what had started
		}
		platform.awaitStopped();
	}

	/**
	 * The checkout the launcher jar was built in (so it runs from any working directory),
	 * else the one around the working directory.
	 */
	private static Path root() {
		try {
			Path location = Path.of(LauncherMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			Path root = AppJars.findRoot(location);
			if (root != null) {
				return root;
			}
		}
		catch (URISyntaxException | RuntimeException ex) {
			// no code source (an unusual class loader):
			// fall back to the working directory
		}
		return AppJars.findRoot(Path.of(""));
	}

}
