/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.junction.testsupport.ProjectLayout;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./run-local.sh} itself, in a copy of the repository's layout: it hands over to
 * the launcher when the jars are newer than every module's sources, and builds first when
 * one is not. The build is a stand-in {@code mvnw} that records its arguments (a real
 * build inside the build would take minutes and rewrite the jars other tests run); the
 * launcher is the real jar, asked for its {@code --help}.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class RunLocalScriptLaunchTests {

	private static final List<String> MODULES = List.of("dev-consul", "discovery-starter", "gateway-starter",
			"sample-user-service", "sample-order-service", "gateway", "launcher");

	@TempDir
	Path root;

	@BeforeEach
	void layout() throws Exception {
		// sources an hour old, jars half an hour old: set explicitly, so no comparison
		// depends on which file the test wrote first within one tick of the clock
		FileTime hourAgo = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS));
		FileTime halfHourAgo = FileTime.from(Instant.now().minus(30, ChronoUnit.MINUTES));
		Files.copy(ProjectLayout.root().resolve("run-local.sh"), this.root.resolve("run-local.sh"));
		stamp(Files.writeString(this.root.resolve("pom.xml"), "<project/>"), hourAgo);
		// the BOM module: a pom and no src/main, as in the repository
		Files.createDirectories(this.root.resolve("dependencies"));
		stamp(Files.writeString(this.root.resolve("dependencies/pom.xml"), "<project/>"), hourAgo);
		for (String module : MODULES) {
			Path main = Files.createDirectories(this.root.resolve(module).resolve("src/main/java"));
			stamp(Files.writeString(this.root.resolve(module).resolve("pom.xml"), "<project/>"), hourAgo);
			stamp(Files.writeString(main.resolve("App.java"), "class App {}"), hourAgo);
			Files.createDirectories(this.root.resolve(module).resolve("target"));
		}
		stamp(Files.copy(ProjectLayout.runnableJar("launcher"),
				this.root.resolve("launcher/target/junction-launcher-0.1.0-SNAPSHOT.jar")), halfHourAgo);
		stamp(Files.writeString(this.root.resolve("sample-user-service/target/sample-user-service-0.1.0-SNAPSHOT.jar"),
				""), halfHourAgo);
		stamp(Files
			.writeString(this.root.resolve("sample-order-service/target/sample-order-service-0.1.0-SNAPSHOT.jar"), ""),
				halfHourAgo);
		stamp(Files.writeString(this.root.resolve("gateway/target/junction-gateway-0.1.0-SNAPSHOT.jar"), ""),
				halfHourAgo);
		Path mvnw = Files.writeString(this.root.resolve("mvnw"),
				"#!/usr/bin/env bash\necho \"$@\" > \"$(dirname \"$0\")/mvnw-called\"\n");
		Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

	@Test
	void withJarsNewerThanEverySourceItHandsOverToTheLauncherWithoutBuilding() throws Exception {
		Run run = runLocal("--help");
		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains("Usage: ./run-local.sh [options]", "--no-class-sharing")
			.doesNotContain("building first");
		assertThat(this.root.resolve("mvnw-called")).doesNotExist();
	}

	@Test
	void aSourceNewerThanTheJarsIsBuiltFirst() throws Exception {
		Path changed = Files.writeString(this.root.resolve("gateway/src/main/java/App.java"),
				"class App { int changed; }");
		stamp(changed, FileTime.from(Instant.now().minus(10, ChronoUnit.MINUTES)));
		Run run = runLocal("--help");
		assertThat(run.exitCode()).as(run.output()).isZero();
		assertThat(run.output()).contains("run-local: building first (gateway/src/main/java/App.java is newer than",
				"Usage: ./run-local.sh [options]");
		assertThat(Files.readString(this.root.resolve("mvnw-called")).strip())
			.isEqualTo("-q -Dmaven.test.skip=true package -pl launcher -am");
	}

	private Run runLocal(String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("bash", this.root.resolve("run-local.sh").toString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment()
			.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
		Process process = builder.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("run-local.sh finished within 60 s").isTrue();
		return new Run(process.exitValue(),
				new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
	}

	private static void stamp(Path file, FileTime time) throws Exception {
		Files.setLastModifiedTime(file, time);
	}

	private record Run(int exitCode, String output) {
	}

}
