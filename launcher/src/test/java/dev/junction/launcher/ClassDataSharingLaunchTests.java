/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;

import dev.junction.testsupport.ProjectLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@code ./run-local.sh} prepares, records, uses and gives up class data sharing
 * archives, on the real order-service jar and Spring Boot's own extract tool. That a JVM
 * maps a recorded archive is shown end to end by {@link LocalPlatformLaunchTests}.
 */
class ClassDataSharingLaunchTests {

	private static final String MODULE = "sample-order-service";

	@TempDir
	Path work;

	@Test
	void eachBuildIsExtractedOnceAndAnOlderBuildsFolderGoes() throws Exception {
		Path copy = copyOfTheJar();
		ClassDataSharing sharing = sharing(true);

		Path first = sharing.prepare(Map.of(MODULE, copy)).get(MODULE);
		assertThat(first.getFileName()).hasToString("application.jar");
		assertThat(first.resolveSibling("lib")).isDirectoryContaining("glob:**/spring-boot-*.jar");
		FileTime extracted = Files.getLastModifiedTime(first);

		assertThat(sharing.prepare(Map.of(MODULE, copy)).get(MODULE)).as("the same build again").isEqualTo(first);
		assertThat(Files.getLastModifiedTime(first)).isEqualTo(extracted);

		Files.setLastModifiedTime(copy, FileTime.fromMillis(Files.getLastModifiedTime(copy).toMillis() + 60_000));
		Path rebuilt = sharing.prepare(Map.of(MODULE, copy)).get(MODULE);
		assertThat(rebuilt.getParent()).isNotEqualTo(first.getParent());
		assertThat(rebuilt).isRegularFile();
		assertThat(first.getParent()).as("the older build's folder, archives included").doesNotExist();
	}

	@Test
	void anInstanceRecordsWhileItHasNoArchiveAndStartsFromItOnceItsStopWroteOne() throws Exception {
		Path jar = sharing(true).prepare(Map.of(MODULE, copyOfTheJar())).get(MODULE);

		ClassDataSharing.AppStart recording = sharing(true).start("order-service", jar);
		Path partial = ClassDataSharing.partial(recording.archive());
		assertThat(recording.mode()).isEqualTo(ClassDataSharing.Mode.RECORDING);
		assertThat(recording.jvmOptions()).contains("-XX:ArchiveClassesAtExit=" + partial);
		assertThat(recording.afterReady()).contains("recording a class data sharing archive");

		// what the JVM writes as it exits
		Files.write(partial, new byte[4096]);
		assertThat(recording.afterExit(true)).contains("class data sharing archive recorded");
		assertThat(recording.archive()).isRegularFile();
		assertThat(partial).doesNotExist();

		ClassDataSharing.AppStart using = sharing(true).start("order-service", jar);
		assertThat(using.mode()).isEqualTo(ClassDataSharing.Mode.USING);
		assertThat(using.jvmOptions()).contains("-XX:SharedArchiveFile=" + recording.archive());
		assertThat(using.afterExit(true)).as("nothing to keep").isNull();
		Files.writeString(using.log(), "[0.054s][info][cds] " + ClassDataSharing.MAPPED + " #0 at base 0x0\n");
		assertThat(using.afterReady()).contains("from the class data sharing archive of its last run");
		assertThat(recording.archive()).isRegularFile();

		ClassDataSharing.AppStart other = sharing(true).start("user-service-v1", jar);
		assertThat(other.mode()).as("each instance has an archive of its own")
			.isEqualTo(ClassDataSharing.Mode.RECORDING);
	}

	@Test
	void anArchiveTheJvmRefusedIsRemovedSoThatTheNextStopRecordsANewOne() throws Exception {
		Path jar = sharing(true).prepare(Map.of(MODULE, copyOfTheJar())).get(MODULE);
		Path archive = jar.resolveSibling("order-service.jsa");
		Files.write(archive, new byte[4096]);

		ClassDataSharing.AppStart using = sharing(true).start("order-service", jar);
		assertThat(using.mode()).isEqualTo(ClassDataSharing.Mode.USING);
		// the JVM started without it: its cds log has no mapped dynamic region
		Files.writeString(using.log(), "[0.012s][info][cds] Opened archive classes.jsa.\n");
		assertThat(using.afterReady()).contains("could not be used", "order-service-cds.log",
				"the next stop records a new one");
		assertThat(archive).doesNotExist();
		assertThat(sharing(true).start("order-service", jar).mode()).isEqualTo(ClassDataSharing.Mode.RECORDING);
	}

	@Test
	void aKilledInstancesPartialArchiveIsNotKept() throws Exception {
		Path jar = sharing(true).prepare(Map.of(MODULE, copyOfTheJar())).get(MODULE);
		ClassDataSharing.AppStart recording = sharing(true).start("order-service", jar);
		Path partial = ClassDataSharing.partial(recording.archive());
		Files.write(partial, new byte[4096]);

		assertThat(recording.afterExit(false)).contains("no class data sharing archive recorded", "it was killed");
		assertThat(partial).doesNotExist();
		assertThat(recording.archive()).doesNotExist();
	}

	@Test
	void withoutClassSharingAppsStartFromTheirJarCopiesAsBefore() throws Exception {
		Path copy = copyOfTheJar();
		ClassDataSharing sharing = sharing(false);
		assertThat(sharing.prepare(Map.of(MODULE, copy))).containsEntry(MODULE, copy);
		ClassDataSharing.AppStart start = sharing.start("order-service", copy);
		assertThat(start.mode()).isEqualTo(ClassDataSharing.Mode.OFF);
		assertThat(start.jvmOptions()).isEmpty();
		assertThat(start.afterReady()).isEmpty();
		assertThat(start.afterExit(true)).isNull();
		assertThat(this.work.resolve("apps")).doesNotExist();
	}

	@Test
	void aJarTheToolCannotExtractStartsFromItsCopy() throws Exception {
		Path broken = this.work.resolve("jars").resolve(MODULE + ".jar");
		Files.createDirectories(broken.getParent());
		Files.writeString(broken, "not a jar");
		assertThat(sharing(true).prepare(Map.of(MODULE, broken))).containsEntry(MODULE, broken);
		assertThat(sharing(true).start("order-service", broken).mode()).isEqualTo(ClassDataSharing.Mode.OFF);
	}

	private ClassDataSharing sharing(boolean enabled) throws Exception {
		Path logs = Files.createDirectories(this.work.resolve("logs"));
		return new ClassDataSharing(enabled, this.work.resolve("apps"), logs);
	}

	private Path copyOfTheJar() throws Exception {
		Path copy = this.work.resolve("jars").resolve(MODULE + ".jar");
		Files.createDirectories(copy.getParent());
		Files.copy(ProjectLayout.runnableJar(MODULE), copy, StandardCopyOption.REPLACE_EXISTING,
				StandardCopyOption.COPY_ATTRIBUTES);
		return copy;
	}

}
