/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class data sharing for the apps {@code ./run-local.sh} starts, so that a developer's
 * second and later runs after a build start in about half the time.
 * <p>
 * A JVM can map the classes a previous run loaded from an archive instead of loading,
 * parsing and verifying them again (Java 17's dynamic AppCDS archive). It needs the
 * classes on a plain class path, so each app jar is first extracted the way the images do
 * it ({@code java -Djarmode=tools -jar app.jar extract}: {@code application.jar} beside
 * {@code lib/}), once per build, under {@code apps/<module>/<build>/} of the work
 * directory. An app instance without an archive for its build records one while it runs
 * ({@code -XX:ArchiveClassesAtExit}), written when it exits after the launcher stopped
 * it; the next run starts it with {@code -XX:SharedArchiveFile}. Unlike the images'
 * training run, which stops at the context's refresh, this archive holds every class the
 * app loaded while it served, and costs no extra start: only the first stop after a build
 * takes a few seconds longer while the archives are written.
 * <p>
 * The JVM checks an archive against the class path it was made from and starts without it
 * when they differ; the launcher reads the JVM's {@code cds} log to say which apps used
 * theirs and removes an archive the JVM refused, so that the next stop records it again.
 * Nothing here can stop the platform from starting: when extracting fails the app starts
 * from its jar as before.
 */
final class ClassDataSharing {

	private static final Logger logger = LoggerFactory.getLogger(ClassDataSharing.class);

	/** What the JVM's {@code cds} log says when it mapped the dynamic archive. */
	static final String MAPPED = "Mapped dynamic region";

	private static final String APPLICATION_JAR = "application.jar";

	private static final long EXTRACT_TIMEOUT_SECONDS = 120;

	private final boolean enabled;

	private final Path directory;

	private final Path logDirectory;

	/**
	 * @param enabled {@code false} for {@code --no-class-sharing}: every app starts from
	 * its jar copy
	 * @param directory where the extracted apps and their archives live
	 * @param logDirectory where the JVMs' {@code cds} logs go
	 */
	ClassDataSharing(boolean enabled, Path directory, Path logDirectory) {
		this.enabled = enabled;
		this.directory = directory;
		this.logDirectory = logDirectory;
	}

	/**
	 * The jar each module runs from: its extracted {@code application.jar} (extracting
	 * the builds not extracted yet, in parallel, and removing older builds' folders), or
	 * its jar copy when sharing is off or extracting failed.
	 * @param copies module to its jar copy
	 * @return module to the jar to run
	 */
	Map<String, Path> prepare(Map<String, Path> copies) {
		Map<String, Path> runnable = new LinkedHashMap<>(copies);
		if (!this.enabled) {
			return runnable;
		}
		Map<String, Extraction> extractions = new LinkedHashMap<>();
		copies.forEach((module, jar) -> {
			try {
				Path build = buildDirectory(module, jar);
				Path extracted = build.resolve(APPLICATION_JAR);
				if (Files.isRegularFile(extracted)) {
					runnable.put(module, extracted);
				}
				else {
					extractions.put(module,
							Extraction.start(jar, build, this.logDirectory.resolve(module + "-extract.log")));
				}
			}
			catch (IOException | UncheckedIOException ex) {
				logger.warn("{}: cannot prepare its class data sharing folder ({}); it starts from its jar", module,
						ex.getMessage());
			}
		});
		if (!extractions.isEmpty()) {
			logger.info("Extracting {} for class data sharing (once per build; the first stop after it records the"
					+ " archives the next runs start from)", String.join(", ", extractions.keySet()));
		}
		extractions.forEach((module, extraction) -> {
			Path extracted = extraction.await();
			if (extracted != null) {
				runnable.put(module, extracted);
			}
		});
		return runnable;
	}

	/**
	 * The JVM options of one app instance, and what to tell and do once it is ready and
	 * once it has exited.
	 * @param name the instance's name (two instances of one module have their own
	 * archives)
	 * @param jar the jar it runs, from {@link #prepare(Map)}
	 * @return its start
	 */
	AppStart start(String name, Path jar) {
		if (!this.enabled || !APPLICATION_JAR.equals(jar.getFileName().toString())) {
			return new AppStart(Mode.OFF, List.of(), null, null);
		}
		Path archive = jar.resolveSibling(name + ".jsa");
		Path log = this.logDirectory.resolve(name + "-cds.log");
		try {
			Files.deleteIfExists(log);
			if (Files.isRegularFile(archive) && Files.size(archive) > 0) {
				return new AppStart(Mode.USING, List.of("-XX:SharedArchiveFile=" + archive, xlog(log)), archive, log);
			}
		}
		catch (IOException ex) {
			logger.warn("{}: cannot read its class data sharing archive {} ({}); it records a new one", name, archive,
					ex.getMessage());
		}
		Path partial = partial(archive);
		return new AppStart(Mode.RECORDING, List.of("-XX:ArchiveClassesAtExit=" + partial, xlog(log)), archive, log);
	}

	private static String xlog(Path log) {
		// the JVM's own messages about the archive go to a
		// file of their own, not to the app's log
		return "-Xlog:cds*=info:file=" + log;
	}

	private Path buildDirectory(String module, Path jar) throws IOException {
		Path moduleDirectory = this.directory.resolve(module);
		String build = "build-" + Files.getLastModifiedTime(jar).toMillis() + "-" + Files.size(jar);
		Files.createDirectories(moduleDirectory);
		try (Stream<Path> builds = Files.list(moduleDirectory)) {
			for (Path other : builds.filter((path) -> !path.getFileName().toString().equals(build)).toList()) {
				deleteTree(other);
			}
		}
		return moduleDirectory.resolve(build);
	}

	static Path partial(Path archive) {
		return archive.resolveSibling(archive.getFileName() + ".partial");
	}

	static void deleteTree(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	/** What an instance does with class data sharing. */
	enum Mode {

		/** Starts from its jar copy; no archive. */
		OFF,

		/** Starts from the archive its previous run recorded. */
		USING,

		/** Records an archive, written when it exits. */
		RECORDING

	}

	/**
	 * One instance's class data sharing.
	 *
	 * @param mode what it does
	 * @param jvmOptions the options to add to its command line
	 * @param archive its archive ({@code null} when {@link Mode#OFF})
	 * @param log the JVM's {@code cds} log ({@code null} when {@link Mode#OFF})
	 */
	record AppStart(Mode mode, List<String> jvmOptions, Path archive, Path log) {

		/**
		 * Said beside "ready in": whether the JVM really mapped the archive (read from
		 * its {@code cds} log). An archive it refused is removed so that the next stop
		 * records a new one.
		 * @return a short note, or an empty string
		 */
		String afterReady() {
			return switch (this.mode) {
				case OFF -> "";
				case RECORDING -> " (recording a class data sharing archive, written when it stops)";
				case USING -> {
					if (mapped()) {
						yield " (from the class data sharing archive of its last run)";
					}
					try {
						Files.deleteIfExists(this.archive);
					}
					catch (IOException ex) {
						// reported below; the JVM refuses it again next time
					}
					yield " (its class data sharing archive could not be used, see " + Console.relative(this.log)
							+ "; the next stop records a new one)";
				}
			};
		}

		boolean mapped() {
			try {
				return this.log != null && Files.isRegularFile(this.log)
						&& Files.readString(this.log, StandardCharsets.UTF_8).contains(MAPPED);
			}
			catch (IOException ex) {
				return false;
			}
		}

		/**
		 * Keeps the archive the instance wrote when it exited by itself after the
		 * launcher's SIGTERM; a killed JVM's partial file is removed.
		 * @param exitedByItself whether it exited before the stop timeout
		 * @return what happened, or {@code null} when nothing was recorded
		 */
		String afterExit(boolean exitedByItself) {
			if (this.mode != Mode.RECORDING) {
				return null;
			}
			Path partial = partial(this.archive);
			try {
				if (exitedByItself && Files.isRegularFile(partial) && Files.size(partial) > 0) {
					Files.move(partial, this.archive, StandardCopyOption.REPLACE_EXISTING,
							StandardCopyOption.ATOMIC_MOVE);
					return "class data sharing archive recorded (" + Files.size(this.archive) / (1024 * 1024)
							+ " MB): the next run starts from it";
				}
				Files.deleteIfExists(partial);
				return "no class data sharing archive recorded ("
						+ (exitedByItself ? "the JVM wrote none, see " + Console.relative(this.log) : "it was killed")
						+ "); the next run records one";
			}
			catch (IOException ex) {
				return "its class data sharing archive could not be kept (" + ex.getMessage() + ")";
			}
		}

	}

	/** One {@code extract} run of Spring Boot's jar tools. */
	private record Extraction(Process process, Path jar, Path build, Path partial, Path log) {

		static Extraction start(Path jar, Path build, Path log) throws IOException {
			Path partial = build.resolveSibling(build.getFileName() + ".partial");
			deleteTree(partial);
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(List.of("-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination",
					partial.toString(), "--application-filename", APPLICATION_JAR));
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			return new Extraction(process, jar, build, partial, log);
		}

		/**
		 * @return the extracted jar, or {@code null} (logged) when extracting failed
		 */
		Path await() {
			try {
				if (!this.process.waitFor(EXTRACT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
					return failed("did not finish within " + EXTRACT_TIMEOUT_SECONDS + " s");
				}
				if (this.process.exitValue() != 0 || !Files.isRegularFile(this.partial.resolve(APPLICATION_JAR))) {
					return failed("exited with code " + this.process.exitValue());
				}
				Files.move(this.partial, this.build, StandardCopyOption.ATOMIC_MOVE);
				return this.build.resolve(APPLICATION_JAR);
			}
			catch (IOException ex) {
				return failed(ex.getMessage());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
				return failed("interrupted");
			}
		}

		private Path failed(String why) {
			logger.warn("Extracting {} for class data sharing failed ({}; see {}); it starts from its jar",
					this.jar.getFileName(), why, Console.relative(this.log));
			try {
				deleteTree(this.partial);
			}
			catch (IOException ex) {
				// a leftover partial folder is replaced on the next run
			}
			return null;
		}

	}

}
