/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A name prefix unique to one test class and one run, so test classes and repeated runs
 * on a shared server never see each other's databases, queues, exchanges or keys. Shaped
 * to be valid everywhere it is used: lower case letters, digits and underscores, at most
 * 40 characters (PostgreSQL allows 63).
 */
public final class IsolatedNames {

	private static final int MAX_CLASS_PART = 24;

	private final String prefix;

	private IsolatedNames(String prefix) {
		this.prefix = prefix;
	}

	/**
	 * A fresh prefix for the given test class, such as {@code jt_ordertests_3f9a01c2}.
	 * @param testClass the test class
	 * @return new names
	 */
	public static IsolatedNames forClass(Class<?> testClass) {
		String simple = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
		if (simple.length() > MAX_CLASS_PART) {
			simple = simple.substring(0, MAX_CLASS_PART);
		}
		byte[] random = new byte[4];
		ThreadLocalRandom.current().nextBytes(random);
		return new IsolatedNames("jt_" + simple + "_" + HexFormat.of().formatHex(random));
	}

	/** The prefix itself, such as {@code jt_ordertests_3f9a01c2}. */
	public String prefix() {
		return this.prefix;
	}

	/**
	 * A name under this prefix, such as {@code jt_ordertests_3f9a01c2.orders}.
	 * @param suffix what the name is for
	 * @return the isolated name
	 */
	public String name(String suffix) {
		return this.prefix + "." + suffix;
	}

	@Override
	public String toString() {
		return this.prefix;
	}

}
