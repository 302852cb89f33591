/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * One service's traffic policy: which instance {@code version} serves the request. The
 * precedence is that of the ingress-nginx canary annotations: header, then cookie, then
 * weight; a header or cookie value that is not recognised falls through to the next rule.
 * <ul>
 * <li>Header {@link #canaryHeader()}: {@code always} → canary, {@code never} → stable.
 * When {@link #canaryHeaderValue()} is set, only that exact value selects the canary and
 * every other value (including {@code always}/{@code never}) falls through, as with
 * {@code canary-by-header-value}.</li>
 * <li>Cookie {@link #canaryCookie()}: {@code always} → canary, {@code never} →
 * stable.</li>
 * <li>Weight: a request with a sticky key goes to the canary when the key's bucket is
 * below {@link #canaryWeight()}; one without draws at random.</li>
 * </ul>
 * Values are compared as plain text and never evaluated.
 *
 * @param stableVersion version metadata of the stable instances
 * @param canaryVersion version metadata of the canary instances, or {@code null} when
 * there is no canary
 * @param canaryWeight percentage of weighted traffic sent to the canary, 0 to 100
 * @param canaryHeader request header of the header rule
 * @param canaryHeaderValue exact header value that selects the canary, or {@code null}
 * for {@code always}/{@code never}
 * @param canaryCookie cookie of the cookie rule
 * @param sticky where the sticky key comes from
 * @param stickyName the header or cookie holding the sticky key
 * @param fallback whether to send a request to the other version when the chosen one has
 * no healthy instance (otherwise the answer is {@code 503})
 */
public record TrafficPolicy(String stableVersion, @Nullable String canaryVersion, int canaryWeight, String canaryHeader,
		@Nullable String canaryHeaderValue, String canaryCookie, Sticky sticky, String stickyName, boolean fallback) {

	/** Header and cookie value that always selects the canary. */
	public static final String ALWAYS = "always";

	/** Header and cookie value that always selects the stable version. */
	public static final String NEVER = "never";

	private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

	/** An RFC 9110 token, the syntax of header and cookie names. */
	private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");

	private static final Pattern HEADER_VALUE = Pattern.compile("[\\x21-\\x7e]([\\x20-\\x7e]{0,254}[\\x21-\\x7e])?");

	/**
	 * Validates the policy as a whole.
	 * @throws IllegalArgumentException naming the first thing that is wrong
	 */
	public TrafficPolicy {
		require(stableVersion != null && VERSION.matcher(stableVersion).matches(),
				"stableVersion must be 1-64 letters, digits, '.', '_', '+' or '-' (was " + quote(stableVersion) + ")");
		require(canaryVersion == null || VERSION.matcher(canaryVersion).matches(),
				"canaryVersion must be 1-64 letters, digits, '.', '_', '+' or '-' (was " + quote(canaryVersion) + ")");
		require(canaryVersion == null || !canaryVersion.equals(stableVersion),
				"canaryVersion must differ from stableVersion (both " + quote(stableVersion) + ")");
		require(canaryWeight >= 0 && canaryWeight <= 100, "canaryWeight must be 0 to 100 (was " + canaryWeight + ")");
		require(canaryWeight == 0 || canaryVersion != null,
				"canaryWeight " + canaryWeight + " needs a canaryVersion to send traffic to");
		require(canaryHeader != null && TOKEN.matcher(canaryHeader).matches(),
				"canaryHeader must be a header name (was " + quote(canaryHeader) + ")");
		require(canaryHeaderValue == null || HEADER_VALUE.matcher(canaryHeaderValue).matches(),
				"canaryHeaderValue must be 1-256 printable characters without surrounding spaces");
		require(canaryCookie != null && TOKEN.matcher(canaryCookie).matches(),
				"canaryCookie must be a cookie name (was " + quote(canaryCookie) + ")");
		require(sticky != null, "sticky must be one of none, header, cookie, client-address");
		boolean named = sticky == Sticky.HEADER || sticky == Sticky.COOKIE;
		require(!named || (stickyName != null && TOKEN.matcher(stickyName).matches()),
				"stickyName must be a header or cookie name when sticky is " + sticky + " (was " + quote(stickyName)
						+ ")");
	}

	/**
	 * Whether the policy has a canary to send anything to.
	 * @return {@code true} when a canary version is set
	 */
	public boolean hasCanary() {
		return this.canaryVersion != null;
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

	/** Quotes a value for a message, harmless in a log line whatever it holds. */
	private static String quote(@Nullable String value) {
		if (value == null) {
			return "null";
		}
		String shown = (value.length() > 64) ? value.substring(0, 64) + "..." : value;
		return "\"" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
	}

}
