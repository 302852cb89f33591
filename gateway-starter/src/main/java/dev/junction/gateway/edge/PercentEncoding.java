/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Checks the percent-encoding of a raw path or query string the way a strict decoder
 * reads it: every {@code %} followed by two hex digits, no control character raw or
 * encoded, and the decoded bytes valid UTF-8 (no overlong forms such as {@code %c0%ae},
 * no surrogates, no truncated sequences). Services decode leniently in places (an
 * overlong dot, a {@code %0a} that ends a log line), so what a strict decoder would
 * refuse is not passed on.
 */
final class PercentEncoding {

	private PercentEncoding() {
	}

	/**
	 * What is wrong with a raw path or query, or {@code null} if nothing.
	 * @param raw the raw (still encoded) text, or {@code null}
	 * @return a phrase that completes "The request path ..."
	 */
	static @Nullable String problem(@Nullable String raw) {
		if (raw == null || raw.isEmpty()) {
			return null;
		}
		if (hasControl(raw)) {
			return "contains a control character";
		}
		if (raw.indexOf('%') < 0) {
			return null;
		}
		ByteBuffer decoded = ByteBuffer.allocate(raw.length());
		for (int i = 0; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (c != '%') {
				decoded.put((byte) c);
				continue;
			}
			if (i + 2 >= raw.length() || !HexFormat.isHexDigit(raw.charAt(i + 1))
					|| !HexFormat.isHexDigit(raw.charAt(i + 2))) {
				return "contains a '%' that is not followed by two hex digits";
			}
			int b = HexFormat.fromHexDigits(raw, i + 1, i + 3);
			if (b < 0x20 || b == 0x7f) {
				return "contains the encoded control character " + raw.substring(i, i + 3).toUpperCase(Locale.ROOT);
			}
			decoded.put((byte) b);
			i += 2;
		}
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(decoded.flip());
		}
		catch (CharacterCodingException ex) {
			return "contains percent-encoded bytes that are not valid UTF-8";
		}
		return null;
	}

	static boolean hasControl(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				return true;
			}
		}
		return false;
	}

}
