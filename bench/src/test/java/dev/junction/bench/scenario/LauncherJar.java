/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A jar holding only a manifest that names a main class of the bench module and a
 * classpath ({@code target/classes} and the jars of folders under {@code target}), so
 * that {@link dev.junction.testsupport.ManagedProcess}, which runs {@code java -jar}, can
 * run it.
 */
final class LauncherJar {

	private LauncherJar() {
	}

	/**
	 * A launcher jar for a main class.
	 * @param mainClass the class
	 * @param libraries folders of jars under {@code target}; {@code lib} when none
	 * @return the jar
	 */
	static Path of(String mainClass, String... libraries) {
		return named(mainClass.substring(mainClass.lastIndexOf('.') + 1), mainClass, libraries);
	}

	/**
	 * A launcher jar of a given name for a main class, so that one class can run with
	 * different classpaths (with and without the starter).
	 * @param jarName the jar's name, without {@code .jar}
	 * @param mainClass the class
	 * @param libraries folders of jars under {@code target}; {@code lib} when none
	 * @return the jar
	 */
	static Path named(String jarName, String mainClass, String... libraries) {
		List<String> classPath = new ArrayList<>(
				List.of(Path.of("target", "classes").toAbsolutePath().toUri().toString()));
		for (String library : (libraries.length > 0) ? libraries : new String[] { "lib" }) {
			Path lib = Path.of("target", library).toAbsolutePath();
			if (!Files.isDirectory(lib)) {
				throw new IllegalStateException(
						lib + " is missing: package the bench module first (./mvnw -pl bench package -DskipTests)");
			}
			try (Stream<Path> jars = Files.list(lib)) {
				jars.sorted().map((jar) -> jar.toUri().toString()).forEach(classPath::add);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot list " + lib, ex);
			}
		}
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
		manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
		try {
			Path jar = Files.createDirectories(Path.of("target", "app-jars").toAbsolutePath())
				.resolve(jarName + ".jar");
			try (OutputStream out = Files.newOutputStream(jar);
					JarOutputStream ignored = new JarOutputStream(out, manifest)) {
				// the manifest is the whole jar
			}
			return jar;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write a launcher jar for " + mainClass, ex);
		}
	}

}
