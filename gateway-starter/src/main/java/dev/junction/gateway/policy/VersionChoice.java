/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.policy;

/**
 * The version a policy chose for a request, and which rule decided it.
 *
 * @param version the chosen version
 * @param canary whether it is the policy's canary
 * @param rule the rule that decided
 */
public record VersionChoice(String version, boolean canary, Rule rule) {

	/** The rule of a policy that decided the version. */
	public enum Rule {

		/** The canary header. */
		HEADER,

		/** The canary cookie. */
		COOKIE,

		/** The weight, with the request's sticky key. */
		STICKY,

		/** The weight, drawn at random (no sticky key). */
		RANDOM,

		/** The policy has no canary. */
		STABLE_ONLY

	}

}
