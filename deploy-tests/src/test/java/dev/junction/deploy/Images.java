/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.util.regex.Pattern;

/**
 * Whether an image reference names one version: a digest, or a tag that starts with a
 * version number (never {@code latest}, never untagged).
 */
final class Images {

	private static final Pattern VERSION_TAG = Pattern.compile("v?\\d+\\.\\d+[0-9A-Za-z._-]*");

	private Images() {
	}

	static boolean isPinned(String image) {
		if (image == null || image.isBlank()) {
			return false;
		}
		if (image.contains("@sha256:")) {
			return true;
		}
		int slash = image.lastIndexOf('/');
		int colon = image.lastIndexOf(':');
		if (colon < slash + 1) {
			return false;
		}
		return VERSION_TAG.matcher(image.substring(colon + 1)).matches();
	}

}
