/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ManagedProcessTests {

	@TempDir
	static Path dir;

	static Path jar;

	@BeforeAll
	static void packageTheStandIn() throws IOException {
		jar = dir.resolve("ready-server.jar");
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ReadyServerMain.class.getName());
		String entry = ReadyServerMain.class.getName().replace('.', '/') + ".class";
		try (OutputStream file = Files.newOutputStream(jar);
				JarOutputStream out = new JarOutputStream(file, manifest);
				InputStream classBytes = ReadyServerMain.class.getClassLoader().getResourceAsStream(entry)) {
			out.putNextEntry(new JarEntry(entry));
			classBytes.transferTo(out);
			out.closeEntry();
		}
	}

	@Test
	void waitsForReadinessThenShutsDownGracefullyOnSigterm() throws IOException {
		int port = LoopbackPorts.free();
		try (ManagedProcess app = ManagedProcess.builder("ready", jar).arg(String.valueOf(port)).start()) {
			app.awaitHttpOk("http://127.0.0.1:" + port + "/readyz", Duration.ofSeconds(30));
			assertThat(app.log()).contains("ready on port " + port);
			app.terminate();
			assertThat(app.awaitExit(Duration.ofSeconds(30))).isEqualTo(143);
			assertThat(app.log()).contains("graceful shutdown complete");
		}
	}

	@Test
	void sigkillEndsTheProcessWithoutItsShutdownHooks() throws IOException {
		int port = LoopbackPorts.free();
		try (ManagedProcess app = ManagedProcess.builder("killed", jar).arg(String.valueOf(port)).start()) {
			app.awaitLog("ready on port", Duration.ofSeconds(30));
			app.kill();
			assertThat(app.awaitExit(Duration.ofSeconds(30))).isEqualTo(137);
			assertThat(app.isAlive()).isFalse();
			assertThat(app.log()).doesNotContain("graceful shutdown complete");
		}
	}

	@Test
	void aProcessThatDiesWhileAwaitedFailsWithItsExitCodeAndLog() {
		try (ManagedProcess app = ManagedProcess.builder("broken", jar).arg("-1").start()) {
			assertThatIllegalStateException()
				.isThrownBy(() -> app.awaitHttpOk("http://127.0.0.1:1/readyz", Duration.ofSeconds(30)))
				.withMessageContaining("exited with code 3")
				.withMessageContaining("refusing to start: port must not be negative");
		}
	}

}
