/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The apps' runnable jars in the checkout ({@code <module>/target/*.jar}), run from
 * copies so a build in the same checkout that repackages a module meanwhile cannot pull a
 * jar from under a running JVM.
 */
final class AppJars {

	private final Path root;

	AppJars(Path root) {
		this.root = root;
	}

	/**
	 * The repository root: the nearest folder upwards from {@code start} holding
	 * {@code mvnw} and {@code pom.xml}.
	 * @param start where to look from
	 * @return the root, or {@code null} when there is none
	 */
	static Path findRoot(Path start) {
		Path dir = start.toAbsolutePath().normalize();
		while (dir != null) {
			if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
				return dir;
			}
			dir = dir.getParent();
		}
		return null;
	}

	Path root() {
		return this.root;
	}

	/**
	 * Copies each module's runnable jar.
	 * @param modules module folders
	 * @param directory where the copies go
	 * @return module to copy
	 * @throws LaunchException naming the build command when a jar is missing
	 */
	Map<String, Path> copyAll(List<String> modules, Path directory) {
		Map<String, Path> copies = new LinkedHashMap<>();
		try {
			Files.createDirectories(directory);
			for (String module : modules) {
				Path jar = runnableJar(module);
				Path copy = directory.resolve(module + ".jar");
				Path partial = directory.resolve(module + ".jar.partial");
				Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
				requireRunnable(partial, jar, module);
				Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
				copies.put(module, copy);
			}
		}
		catch (IOException ex) {
			throw new LaunchException("Could not copy the app jars to " + directory + ": " + ex.getMessage(), ex);
		}
		return copies;
	}

	private Path runnableJar(String module) throws IOException {
		Path target = this.root.resolve(module).resolve("target");
		List<Path> jars;
		try (Stream<Path> files = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
			jars = files.filter((file) -> file.getFileName().toString().endsWith(".jar"))
				.filter((file) -> !file.getFileName().toString().endsWith("-sources.jar"))
				.filter((file) -> !file.getFileName().toString().endsWith("-tests.jar"))
				.toList();
		}
		if (jars.size() != 1) {
			throw new LaunchException("Expected one runnable jar in " + target + " but found " + jars
					+ ". Build the apps: ./mvnw -q -Dmaven.test.skip=true package -pl launcher -am (./run-local.sh does it"
					+ " when they are missing or older than their sources).");
		}
		return jars.get(0);
	}

	private static void requireRunnable(Path copy, Path jar, String module) {
		try (JarFile file = new JarFile(copy.toFile())) {
			if (file.getManifest() != null && file.getManifest().getMainAttributes().getValue("Start-Class") != null) {
				return;
			}
		}
		catch (IOException ex) {
			// not a complete jar: reported below
		}
		throw new LaunchException(jar + " is not a complete Spring Boot runnable jar (is a build rewriting it?)."
				+ " Package it again: ./mvnw -q -DskipTests package -pl " + module + " -am");
	}

}
