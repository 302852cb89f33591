/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AmbiguousPathWebFilterTests {

	@Test
	void plainPathsPass() {
		assertThat(AmbiguousPathWebFilter.problem("/api/users/42")).isNull();
		assertThat(AmbiguousPathWebFilter.problem("/api/users/")).isNull();
		assertThat(AmbiguousPathWebFilter.problem("/api/users/a.b-c_d~e%20f")).isNull();
	}

	@Test
	void encodedTraversalAndAmbiguousFormsAreRefused() {
		assertThat(AmbiguousPathWebFilter.problem("/api/users/%2e%2e/%2e%2e/admin")).contains("%2E");
		assertThat(AmbiguousPathWebFilter.problem("/api/users/..%2Fadmin")).contains("%2F");
		assertThat(AmbiguousPathWebFilter.problem("/api/users/..%5cadmin")).contains("%5C");
		assertThat(AmbiguousPathWebFilter.problem("/api/users/%252e%252e/admin")).contains("%25");
		assertThat(AmbiguousPathWebFilter.problem("/api/users/..;/admin")).contains("';'");
		assertThat(AmbiguousPathWebFilter.problem("/api/users/../admin")).contains("dot segment");
		assertThat(AmbiguousPathWebFilter.problem("/api/users/./1")).contains("dot segment");
		assertThat(AmbiguousPathWebFilter.problem("/api//users")).contains("'//'");
		assertThat(AmbiguousPathWebFilter.problem("/api/users/%00")).contains("%00");
	}

}
