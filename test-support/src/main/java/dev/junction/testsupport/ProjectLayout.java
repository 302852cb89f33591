package dev.junction.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the repository root and the runnable jars the build packaged, so cross-module
 * tests can start them.
 */
public final class ProjectLayout {

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

}
