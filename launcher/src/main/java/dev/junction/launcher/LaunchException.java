/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

/**
 * The platform could not start; the message says what failed and what to do.
 */
class LaunchException extends RuntimeException {

	LaunchException(String message) {
		super(message);
	}

	LaunchException(String message, Throwable cause) {
		super(message, cause);
	}

}
