/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.junction.testsupport.ProjectLayout;

import org.springframework.util.FileSystemUtils;

/**
 * A module's runnable jar prepared for class data sharing (CDS) as the Dockerfile
 * prepares every image: extracted to {@code application.jar} beside its {@code lib/},
 * then one training run with {@code docker/cds/training.properties} that exits once the
 * context has refreshed, after which the JVM wrote {@code application.jsa}. Starting
 * {@code java -XX:SharedArchiveFile=application.jsa -jar application.jar} maps the
 * archived classes instead of loading them. Kept in {@code target/cds/<module>/}.
 *
 * @param jar the extracted application jar
 * @param archive the archive its training run wrote
 */
record CdsArchive(Path jar, Path archive) {

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
		Path archive = directory.resolve("application.jsa");
		ChildRun.java("cds-extract-" + module, Duration.ofMinutes(2),
				List.of("-Djarmode=tools", "-jar", ProjectLayout.runnableJarSnapshot(module).toString(), "extract",
						"--destination", directory.toString(), "--application-filename", "application.jar"));
		Path training = ProjectLayout.root().resolve("docker/cds/training.properties");
		ChildRun.java("cds-training-" + module, Duration.ofMinutes(3),
				List.of("-XX:ArchiveClassesAtExit=" + archive, "-XX:-UsePerfData", "-Djava.io.tmpdir=" + temporary,
						"-Dspring.context.exit=onRefresh", "-jar", jar.toString(),
						"--spring.config.additional-location=file:" + training));
		try {
			if (Files.size(archive) == 0) {
				throw new IllegalStateException("The CDS training run of " + module + " wrote an empty " + archive);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("The CDS training run of " + module + " wrote no " + archive
					+ ": see its log in target/process-logs/", ex);
		}
		return new CdsArchive(jar, archive);
	}

	/** The JVM option that starts the jar with the archive. */
	String jvmArg() {
		return "-XX:SharedArchiveFile=" + this.archive;
	}

}
