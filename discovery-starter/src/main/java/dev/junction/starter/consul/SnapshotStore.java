/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.consul;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.junction.starter.JunctionScheduler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * The last answers of Junction's Consul watches on disk, one file per watch, so an
 * application started while Consul cannot be reached routes with what it knew before
 * rather than with nothing. A file is the answer's body after one header line
 * ({@code junction-snapshot <written at>}), written to a temporary file and moved over
 * the old one atomically, so a reader never sees half a file. Writes are debounced: a
 * change is written a second later, with whatever is current then. A snapshot older than
 * the maximum age is not used, and a file that cannot be read is ignored with a warning.
 * <p>
 * Internal to Junction: public so that the gateway starter can use it, not an API for
 * applications; it may change in any release.
 */
public final class SnapshotStore implements DisposableBean {

	private static final Log logger = LogFactory.getLog(SnapshotStore.class);

	private static final String HEADER = "junction-snapshot ";

	static final Duration DEBOUNCE = Duration.ofSeconds(1);

	private final Path directory;

	private final Duration maxAge;

	private final Clock clock;

	private final JunctionScheduler scheduler;

	private final Map<String, Supplier<byte[]>> pending = new ConcurrentHashMap<>();

	private final Map<String, byte[]> written = new ConcurrentHashMap<>();

	/**
	 * A store in a directory (created when first written).
	 * @param directory where the files go
	 * @param maxAge how old a snapshot may be and still be used
	 * @param clock the clock of the written-at times and the age
	 */
	public SnapshotStore(Path directory, Duration maxAge, Clock clock) {
		this.directory = directory;
		this.maxAge = maxAge;
		this.clock = clock;
		this.scheduler = JunctionScheduler.named("junction-snapshot");
	}

	/**
	 * The directory of the files.
	 * @return the directory
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Notes that what a watch holds changed; it is written a second later, as
	 * {@code content} gives it then. Unchanged content is not written again.
	 * @param name the watch's file name (letters, digits, dots and dashes)
	 * @param content the body to write
	 */
	public void changed(String name, Supplier<byte[]> content) {
		if (this.pending.put(name, content) == null) {
			try {
				this.scheduler.schedule(() -> {
					Supplier<byte[]> current = this.pending.remove(name);
					if (current != null) {
						write(name, current.get());
					}
				}, DEBOUNCE);
			}
			catch (RuntimeException ex) {
				// closed with the application context: nothing is written any more
				this.pending.remove(name);
			}
		}
	}

	/**
	 * Writes a snapshot now, atomically.
	 * @param name the watch's file name
	 * @param content the body
	 */
	public void write(String name, byte[] content) {
		if (Arrays.equals(this.written.get(name), content)) {
			return;
		}
		Path target = file(name);
		try {
			Files.createDirectories(this.directory);
			Path temporary = Files.createTempFile(this.directory, target.getFileName().toString(), ".tmp");
			try {
				byte[] header = (HEADER + this.clock.instant() + "\n").getBytes(StandardCharsets.UTF_8);
				byte[] all = Arrays.copyOf(header, header.length + content.length);
				System.arraycopy(content, 0, all, header.length, content.length);
				Files.write(temporary, all);
				move(temporary, target);
				this.written.put(name, content);
			}
			finally {
				Files.deleteIfExists(temporary);
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Cannot write the snapshot " + target + " (" + ex
					+ "); a start while Consul cannot be reached will not have it. Check "
					+ "junction.discovery.snapshot.directory.");
		}
	}

	/**
	 * The snapshot of a watch, when there is one no older than the maximum age.
	 * @param name the watch's file name
	 * @return the snapshot
	 */
	public Optional<Snapshot> read(String name) {
		Path file = file(name);
		byte[] all;
		try {
			all = Files.readAllBytes(file);
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			logger.warn("Ignoring the snapshot " + file + ": it cannot be read (" + ex + ")");
			return Optional.empty();
		}
		int newline = indexOf(all, (byte) '\n');
		String header = (newline > 0) ? new String(all, 0, newline, StandardCharsets.UTF_8) : "";
		Instant writtenAt;
		try {
			if (!header.startsWith(HEADER)) {
				throw new DateTimeParseException("no header", header, 0);
			}
			writtenAt = Instant.parse(header.substring(HEADER.length()));
		}
		catch (DateTimeParseException ex) {
			corrupt(name, ex);
			return Optional.empty();
		}
		if (writtenAt.plus(this.maxAge).isBefore(this.clock.instant())) {
			logger.info("Not using the snapshot " + file + ": written at " + writtenAt
					+ ", older than junction.discovery.snapshot.max-age (" + this.maxAge + ")");
			return Optional.empty();
		}
		return Optional.of(new Snapshot(writtenAt, Arrays.copyOfRange(all, newline + 1, all.length)));
	}

	/**
	 * Logs that a snapshot's body could not be read and is ignored.
	 * @param name the watch's file name
	 * @param ex what went wrong
	 */
	public void corrupt(String name, Exception ex) {
		logger.warn("Ignoring the snapshot " + file(name) + ": it is corrupt (" + ex + ")");
	}

	Path file(String name) {
		return this.directory.resolve(name.replaceAll("[^A-Za-z0-9.-]", "_") + ".snapshot");
	}

	private static void move(Path temporary, Path target) throws IOException {
		try {
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static int indexOf(byte[] bytes, byte wanted) {
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == wanted) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Writes what is pending at once and stops.
	 */
	@Override
	public void destroy() {
		this.scheduler.close();
		Map.copyOf(this.pending).forEach((name, content) -> write(name, content.get()));
		this.pending.clear();
	}

	/**
	 * One watch's snapshot.
	 *
	 * @param writtenAt when it was written
	 * @param content the body as the watch had it from Consul
	 */
	public record Snapshot(Instant writtenAt, byte[] content) {
	}

}
