/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The rule for a version chosen at the edge that arrives from outside
 * ({@link JunctionHeaders#VERSION} on a request, {@code junction-version} on a received
 * message): at most {@value #MAX_LENGTH} characters of {@code A-Z a-z 0-9 . _ : + -},
 * which every instance version in use passes ({@code v2}, {@code 1.4.0-SNAPSHOT},
 * {@code 2.0.0+build.7}). A value that breaks the rule is dropped, as if the request had
 * none: the call is served without a version preference instead of carrying the value on
 * into logs, outgoing headers, message headers and the outbox's {@code headers} column
 * (PostgreSQL's {@code jsonb} refuses a NUL character).
 */
public final class JunctionVersions {

	/** The longest version kept. */
	public static final int MAX_LENGTH = 128;

	private static final Log logger = LogFactory.getLog(JunctionVersions.class);

	private JunctionVersions() {
	}

	/**
	 * Whether a version may be kept as it is.
	 * @param version the version, may be {@code null}
	 * @return {@code true} for 1 to {@value #MAX_LENGTH} characters of
	 * {@code A-Z a-z 0-9 . _ : + -}
	 */
	public static boolean isAcceptable(@Nullable String version) {
		return Tokens.isToken(version, MAX_LENGTH, "._:+-");
	}

	/**
	 * The version to use for one that came from outside.
	 * @param version the version received, may be {@code null} or empty
	 * @return the version when it is {@link #isAcceptable acceptable}, else {@code null}
	 */
	public static @Nullable String sanitize(@Nullable String version) {
		if (isAcceptable(version)) {
			return version;
		}
		if (version != null && !version.isEmpty() && logger.isDebugEnabled()) {
			logger.debug("Dropped a " + JunctionHeaders.VERSION + " of " + version.length()
					+ " characters that breaks the rule (at most " + MAX_LENGTH + " of A-Z a-z 0-9 . _ : + -)");
		}
		return null;
	}

}
