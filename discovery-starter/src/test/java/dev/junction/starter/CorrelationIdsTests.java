/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationIdsTests {

	@Test
	void aGeneratedIdIsARandomUuidThatKeepsTheRule() {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			String id = CorrelationIds.generate();
			UUID uuid = UUID.fromString(id);
			assertThat(uuid.version()).isEqualTo(4);
			assertThat(uuid.variant()).isEqualTo(2);
			assertThat(CorrelationIds.isAcceptable(id)).isTrue();
			ids.add(id);
		}
		assertThat(ids).hasSize(10_000);
	}

	@Test
	void anIdThatBreaksTheRuleIsReplacedAndASaneOneKept() {
		assertThat(CorrelationIds.sanitize("order-42")).isEqualTo("order-42");
		assertThat(CorrelationIds.sanitize("order 42; forged=yes")).isNotEqualTo("order 42; forged=yes")
			.satisfies((id) -> assertThat(CorrelationIds.isAcceptable(id)).isTrue());
		assertThat(CorrelationIds.sanitize(null)).satisfies((id) -> assertThat(UUID.fromString(id)).isNotNull());
	}

}
