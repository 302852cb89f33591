/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Finds the repository root and the runnable jars the build packaged, so cross-module
 * tests can start them.
 */
public final class ProjectLayout {

	private static final Map<String, Path> snapshots = new HashMap<>();

	private ProjectLayout() {
	}

	/**
	 * The repository root: the nearest folder upwards from the working directory that
	 * holds {@code mvnw}.
	 */
	public static Path root() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null) {
			if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
				return dir;
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException("No Junction checkout (a folder with mvnw and pom.xml) above "
				+ Path.of("").toAbsolutePath() + ": run the tests from inside the repository");
	}

	/**
	 * The runnable jar a module packaged, such as
	 * {@code dev-consul/target/junction-dev-consul-0.1.0-SNAPSHOT.jar}.
	 * @param module the module folder, such as {@code dev-consul}
	 * @return the jar
	 * @throws IllegalStateException naming the command to run when the module is not
	 * packaged
	 */
	public static Path runnableJar(String module) {
		Path target = root().resolve(module).resolve("target");
		List<Path> jars;
		try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
			jars = files.filter((file) -> file.getFileName().toString().endsWith(".jar"))
				.filter((file) -> !file.getFileName().toString().endsWith("-sources.jar"))
				.filter((file) -> !file.getFileName().toString().endsWith("-tests.jar"))
				.toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot list " + target, ex);
		}
		if (jars.size() != 1) {
			throw new IllegalStateException("Expected one runnable jar in " + target + " but found " + jars
					+ ". Package it first: ./mvnw -pl " + module + " -am package -DskipTests");
		}
		return jars.get(0);
	}

	/**
	 * A copy of the module's runnable jar, taken at its first use in this JVM and kept in
	 * {@code target/app-jars}: every process a test run starts from it runs the same
	 * build, even when a build in the same checkout repackages the module meanwhile (a
	 * jar rewritten under a starting JVM fails it with {@code ClassNotFoundException}).
	 * @param module the module folder, such as {@code sample-user-service}
	 * @return the copy
	 * @throws IllegalStateException naming the command to run when the module is not
	 * packaged, or its jar is not a complete runnable jar
	 */
	public static synchronized Path runnableJarSnapshot(String module) {
		Path copy = snapshots.get(module);
		if (copy != null) {
			return copy;
		}
		Path jar = runnableJar(module);
		try {
			Path directory = Files.createDirectories(Path.of("target", "app-jars").toAbsolutePath());
			copy = directory.resolve(module + ".jar");
			Path partial = directory.resolve(module + ".jar.partial");
			Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
			requireRunnable(partial, jar, module);
			Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not copy " + jar, ex);
		}
		snapshots.put(module, copy);
		return copy;
	}

	private static void requireRunnable(Path copy, Path jar, String module) {
		try (JarFile file = new JarFile(copy.toFile())) {
			Manifest manifest = file.getManifest();
			if (manifest != null && manifest.getMainAttributes().getValue("Main-Class") != null) {
				return;
			}
		}
		catch (IOException ex) {
			// not a complete jar: reported below
		}
		throw new IllegalStateException(jar + " is not a complete runnable jar (is a build rewriting it?)."
				+ " Package it again, then rerun: ./mvnw -pl " + module + " -am package -DskipTests");
	}

}
