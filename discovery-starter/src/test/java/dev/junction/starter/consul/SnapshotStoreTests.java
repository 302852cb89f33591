/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.consul;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The on-disk snapshot of the watches: what is written is read back with its time, an old
 * or corrupt one is not used, and writes are atomic and debounced.
 */
@ExtendWith(OutputCaptureExtension.class)
class SnapshotStoreTests {

	private static final byte[] BODY = "[{\"Service\":{\"ID\":\"a\"}}]".getBytes(StandardCharsets.UTF_8);

	@TempDir
	Path directory;

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T20:00:00Z"));

	private SnapshotStore store;

	private SnapshotStore store() {
		this.store = new SnapshotStore(this.directory.resolve("app-1"), Duration.ofHours(24), this.clock);
		return this.store;
	}

	@AfterEach
	void close() {
		if (this.store != null) {
			this.store.destroy();
		}
	}

	@Test
	void whatIsWrittenIsReadBackWithWhenItWasWritten() {
		store().write("instances-users", BODY);
		this.clock.advance(Duration.ofHours(1));
		SnapshotStore.Snapshot snapshot = store().read("instances-users").orElseThrow();
		assertThat(snapshot.content()).isEqualTo(BODY);
		assertThat(snapshot.writtenAt()).isEqualTo(Instant.parse("2026-12-04T20:00:00Z"));
	}

	@Test
	void aSnapshotOlderThanTheMaximumAgeIsNotUsed() {
		store().write("instances-users", BODY);
		this.clock.advance(Duration.ofHours(24));
		assertThat(store().read("instances-users")).isPresent();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(store().read("instances-users")).isEmpty();
	}

	@Test
	void noSnapshotIsNone() {
		assertThat(store().read("instances-users")).isEmpty();
	}

	@Test
	void aCorruptFileIsIgnoredWithAWarning(CapturedOutput output) throws IOException {
		store().write("instances-users", BODY);
		Files.writeString(store().file("instances-users"), "{\"half\": [");
		assertThat(store().read("instances-users")).isEmpty();
		assertThat(output).contains("WARN").contains("Ignoring the snapshot").contains("corrupt");
	}

	@Test
	void theFileIsReplacedAtomicallyWithNoTemporaryFileLeft() throws IOException {
		store().write("instances-users", BODY);
		byte[] second = "[]".getBytes(StandardCharsets.UTF_8);
		this.clock.advance(Duration.ofMinutes(1));
		store().write("instances-users", second);
		assertThat(store().read("instances-users").orElseThrow().content()).isEqualTo(second);
		try (Stream<Path> files = Files.list(this.directory.resolve("app-1"))) {
			assertThat(files.map((file) -> file.getFileName().toString()).toList())
				.isEqualTo(List.of("instances-users.snapshot"));
		}
	}

	@Test
	void changesAreWrittenOnceAfterTheySettle() {
		SnapshotStore store = store();
		byte[][] current = { BODY };
		store.changed("instances-users", () -> current[0]);
		current[0] = "[{\"Service\":{\"ID\":\"b\"}}]".getBytes(StandardCharsets.UTF_8);
		store.changed("instances-users", () -> current[0]);
		assertThat(store.read("instances-users")).as("not written on every answer").isEmpty();
		await().atMost(Duration.ofSeconds(10)).until(() -> store.read("instances-users").isPresent());
		assertThat(store.read("instances-users").orElseThrow().content()).isEqualTo(current[0]);
	}

	@Test
	void pendingChangesAreWrittenWhenTheStoreCloses() {
		SnapshotStore store = store();
		store.changed("kv-junction_policies", () -> BODY);
		store.destroy();
		assertThat(store().read("kv-junction_policies").orElseThrow().content()).isEqualTo(BODY);
	}

}
