/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.junction.testsupport.AppInstance;

/**
 * How the scenarios run: quick (correctness only, in {@code ./mvnw verify}) or full
 * ({@code bench/run.sh}).
 */
final class Bench {

	/** The class data sharing archives made in this run, by module. */
	private static final Map<String, CdsArchive> cdsArchives = new ConcurrentHashMap<>();

	private Bench() {
	}

	/** Whether this is the quick correctness mode ({@code -Djunction.bench.quick}). */
	static boolean quick() {
		return Boolean.parseBoolean(System.getProperty("junction.bench.quick", "true"));
	}

	/** The quick or the full value of a setting. */
	static int pick(int quick, int full) {
		return quick() ? quick : full;
	}

	/**
	 * Starts describing an app of a module for a scenario: on loopback, logging with
	 * {@link AppInstance#LOG_DATE_FORMAT} (for {@link AppInstance#logTimes}), and with
	 * the same JVM options as every app of a run, so that figures compare like with like
	 * ({@link dev.junction.testsupport.ManagedProcess}'s defaults favour start-up time).
	 * @param name short name for logs
	 * @param module the module folder, such as {@code gateway}
	 * @return a builder, readiness {@code /readyz} on the app port unless told otherwise
	 */
	static AppInstance.Builder app(String name, String module) {
		return configure(AppInstance.module(name, module));
	}

	/**
	 * Starts describing an app of a module as its container image starts it: the jar
	 * extracted and started with the archive of a training run ({@link CdsArchive}: an
	 * AOT cache on the images' Java 25, made once per run); otherwise as {@link #app}.
	 * @param name short name for logs
	 * @param module the module folder, such as {@code gateway}
	 * @return a builder
	 */
	static AppInstance.Builder appWithCds(String name, String module) {
		CdsArchive cds = cdsArchive(module);
		return configure(AppInstance.jar(name, cds.jar())).javaHome(cds.javaHome())
			.jvmArgs(cds.jvmArgs().toArray(String[]::new));
	}

	/**
	 * A module's class data sharing archive, made by its training run the first time it
	 * is asked for in a run (a scenario that times starts asks before it starts timing).
	 */
	static CdsArchive cdsArchive(String module) {
		return cdsArchives.computeIfAbsent(module, CdsArchive::of);
	}

	/**
	 * Starts describing a main class of the bench module's own classpath as an app (the
	 * plain gateway), through a jar that holds only a manifest naming the class and the
	 * classpath; configured as {@link #app}.
	 * @param name short name for logs
	 * @param mainClass the main class
	 * @return a builder
	 */
	static AppInstance.Builder appFromClasspath(String name, String mainClass) {
		return configure(AppInstance.jar(name, LauncherJar.of(mainClass)));
	}

	/**
	 * Starts describing a main class of the bench module as an app with a classpath of
	 * its own: {@code target/classes} and the jars of the given folders under
	 * {@code target}; configured as {@link #app}.
	 * @param name short name for logs
	 * @param mainClass the main class
	 * @param jarName the launcher jar's name (one per classpath)
	 * @param libraries folders of jars under {@code target}, such as {@code lib}
	 * @return a builder
	 */
	static AppInstance.Builder appFromClasspath(String name, String mainClass, String jarName, String... libraries) {
		return configure(AppInstance.jar(name, LauncherJar.named(jarName, mainClass, libraries)));
	}

	/**
	 * A scenario's duration: the full one, or a sixth of it (at least the minimum) in a
	 * smoke run ({@code -Djunction.bench.smoke=true}), which proves the harness end to
	 * end without the machine time of a measurement.
	 */
	static Duration duration(int fullSeconds, int smokeMinimumSeconds) {
		if (!smoke()) {
			return Duration.ofSeconds(fullSeconds);
		}
		return Duration.ofSeconds(Math.max(smokeMinimumSeconds, fullSeconds / 6));
	}

	/**
	 * Whether this is a smoke run of the harness ({@code -Djunction.bench.smoke=true}).
	 */
	static boolean smoke() {
		return Boolean.parseBoolean(System.getProperty("junction.bench.smoke", "false"));
	}

	private static AppInstance.Builder configure(AppInstance.Builder app) {
		return app.property("server.address", "127.0.0.1")
			.property("management.server.address", "127.0.0.1")
			.property("spring.main.banner-mode", "off")
			.property("logging.pattern.dateformat", AppInstance.LOG_DATE_FORMAT)
			.jvmArgs("-XX:TieredStopAtLevel=4");
	}

	/** A note for figures measured in the quick mode, which are not benchmark figures. */
	static String modeNote() {
		if (smoke()) {
			return " (smoke run: shortened durations; not benchmark figures)";
		}
		return quick() ? " (quick correctness mode: short and at a low rate; timings not representative)" : "";
	}

}
