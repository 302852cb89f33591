/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IsolatedNamesTests {

	@Test
	void twoRunsOfTheSameClassGetDifferentPrefixes() {
		assertThat(IsolatedNames.forClass(IsolatedNamesTests.class).prefix())
			.isNotEqualTo(IsolatedNames.forClass(IsolatedNamesTests.class).prefix());
	}

	@Test
	void prefixNamesTheClassAndIsValidAsADatabaseQueueAndKeyName() {
		String prefix = IsolatedNames.forClass(AVeryLongTestClassNameThatGoesOnAndOnForeverTests.class).prefix();
		assertThat(prefix).startsWith("jt_averylongtestclassnameth_").matches("[a-z0-9_]{1,40}");
	}

	@Test
	void namesAreUnderThePrefix() {
		IsolatedNames names = IsolatedNames.forClass(IsolatedNamesTests.class);
		assertThat(names.name("orders")).isEqualTo(names.prefix() + ".orders");
	}

	static class AVeryLongTestClassNameThatGoesOnAndOnForeverTests {

	}

}
