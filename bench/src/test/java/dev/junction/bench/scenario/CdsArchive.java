/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.junction.testsupport.ProjectLayout;

import org.springframework.util.FileSystemUtils;

/**
 * A module's runnable jar prepared for a fast start as the Dockerfile prepares every
 * image: extracted to {@code application.jar} beside its {@code lib/}, then one training
 * run with {@code docker/cds/training.properties} that exits once the context has
 * refreshed. On a Java 25 JDK (the images' runtime; {@link #JAVA_25}) the JVM writes an
 * AOT cache ({@code -XX:AOTCacheOutput}, JEP 483 and 515: classes loaded and linked, and
 * method profiles) and starts use {@code -XX:AOTCache}; on any other JDK it writes a
 * class data sharing archive ({@code -XX:ArchiveClassesAtExit}) and starts use
 * {@code -XX:SharedArchiveFile}, as the Dockerfile does on a Java 17 runtime. Kept in
 * {@code target/cds/<module>/}.
 *
 * @param jar the extracted application jar
 * @param archive the archive its training run wrote
 * @param javaHome the JDK that wrote it, the only one that can use it
 * @param jvmArgs the JVM options that start the jar with it
 */
record CdsArchive(Path jar, Path archive, Path javaHome, List<String> jvmArgs) {

	/**
	 * The Java 25 JDK of the images' runtime: {@code TEMURIN_25} (as for
	 * {@code .ci/run}), else Temurin's Debian folder.
	 */
	static final Path JAVA_25 = Path
		.of(System.getenv().getOrDefault("TEMURIN_25", "/usr/lib/jvm/temurin-25-jdk-amd64"));

	/**
	 * What the JDK 25 warns of at every start of an app with Netty's native transport,
	 * which the images allow (training runs too: the cache is for the same options).
	 */
	static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

	/** The extraction and the training run of a module, as the Dockerfile does them. */
	static CdsArchive of(String module) {
		Path directory = Path.of("target", "cds", module).toAbsolutePath();
		// beside the extraction, not in it: Boot's extract
		// refuses a destination folder that is not empty
		Path temporary = Path.of("target", "cds", module + "-tmp").toAbsolutePath();
		try {
			FileSystemUtils.deleteRecursively(directory);
			FileSystemUtils.deleteRecursively(temporary);
			Files.createDirectories(temporary);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Path jar = directory.resolve("application.jar");
		ChildRun.java("cds-extract-" + module, Duration.ofMinutes(2),
				List.of("-Djarmode=tools", "-jar", ProjectLayout.runnableJarSnapshot(module).toString(), "extract",
						"--destination", directory.toString(), "--application-filename", "application.jar"));
		Path training = ProjectLayout.root().resolve("docker/cds/training.properties");
		List<String> run = List.of("-XX:-UsePerfData", "-Djava.io.tmpdir=" + temporary,
				"-Dspring.context.exit=onRefresh", "-jar", jar.toString(),
				"--spring.config.additional-location=file:" + training);
		CdsArchive archive;
		if (writesAotCaches(JAVA_25)) {
			Path cache = directory.resolve("application.aot");
			List<String> options = new ArrayList<>(List.of("-XX:AOTCacheOutput=" + cache, NATIVE_ACCESS));
			options.addAll(run);
			ChildRun.java(JAVA_25, "aot-training-" + module, Duration.ofMinutes(4), options);
			archive = new CdsArchive(jar, cache, JAVA_25, List.of("-XX:AOTCache=" + cache, NATIVE_ACCESS));
		}
		else {
			Path jsa = directory.resolve("application.jsa");
			List<String> options = new ArrayList<>(List.of("-XX:ArchiveClassesAtExit=" + jsa));
			options.addAll(run);
			ChildRun.java("cds-training-" + module, Duration.ofMinutes(3), options);
			archive = new CdsArchive(jar, jsa, Path.of(System.getProperty("java.home")),
					List.of("-XX:SharedArchiveFile=" + jsa));
		}
		try {
			if (Files.size(archive.archive()) == 0) {
				throw new IllegalStateException("The training run of " + module + " wrote an empty " + archive);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("The training run of " + module + " wrote no " + archive.archive()
					+ ": see its log in target/process-logs/", ex);
		}
		return archive;
	}

	/**
	 * Whether a JDK is there and writes AOT caches in one training run (Java 25's
	 * {@code -XX:AOTCacheOutput}), as the Dockerfile asks its runtime.
	 */
	static boolean writesAotCaches(Path javaHome) {
		if (!Files.isExecutable(javaHome.resolve("bin").resolve("java"))) {
			return false;
		}
		return ChildRun.java(javaHome, "aot-check", Duration.ofMinutes(1), List.of("-XX:+PrintFlagsFinal", "-version"))
			.contains(" AOTCacheOutput ");
	}

	/** Whether this is an AOT cache (else a class data sharing archive). */
	boolean aot() {
		return this.archive.getFileName().toString().endsWith(".aot");
	}

	/** How the figures name it. */
	String describe() {
		return aot() ? "AOT cache on Java 25 (" + this.javaHome + ")" : "class data sharing archive";
	}

}
