/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SessionReaderTests {

	private static Session read(String json) {
		return SessionReader.read(json.getBytes(StandardCharsets.UTF_8), "node-a", Duration.ofSeconds(10));
	}

	@Test
	void anEmptyBodyGetsConsulsDefaults() {
		Session session = SessionReader.read(new byte[0], "node-a", Duration.ofSeconds(10));
		assertThat(session.node()).isEqualTo("node-a");
		assertThat(session.lockDelay()).isEqualTo(Duration.ofSeconds(15));
		assertThat(session.delete()).isFalse();
		assertThat(session.ttl()).isEmpty();
		assertThat(session.nodeChecks()).containsExactly("serfHealth");
		assertThat(session.checks()).isNull();
		assertThat(session.serviceChecks()).isNull();
	}

	@Test
	void aLockDelayBelow1000IsTakenAsSecondsAsConsulDoes() {
		assertThat(read("{\"LockDelay\": 5}").lockDelay()).isEqualTo(Duration.ofSeconds(5));
		assertThat(read("{\"LockDelay\": \"500ms\"}").lockDelay()).isEqualTo(Duration.ofMillis(500));
		assertThat(read("{\"LockDelay\": 2000000000}").lockDelay()).isEqualTo(Duration.ofSeconds(2));
		assertThat(read("{\"lock_delay\": \"0s\"}").lockDelay()).isEqualTo(Duration.ZERO);
	}

	@Test
	void anEmptyChecksOrNodeChecksListDropsTheDefaultSerfHealthCheck() {
		assertThat(read("{\"Checks\": []}").allChecks()).isEmpty();
		assertThat(read("{\"NodeChecks\": []}").allChecks()).isEmpty();
		Session both = read("{\"Checks\": [\"disk\"]}");
		assertThat(both.allChecks()).containsExactly("serfHealth", "disk");
		assertThat(read("{\"NodeChecks\": [\"disk\"]}").allChecks()).containsExactly("disk");
	}

	@Test
	void aZeroTtlMeansNoTtlAndTheRangeIsCheckedOtherwise() {
		assertThat(read("{\"TTL\": \"0s\"}").ttl()).isEqualTo("0s");
		assertThat(read("{\"TTL\": \"86400s\"}").ttl()).isEqualTo("86400s");
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> read("{\"TTL\": \"86401s\"}"))
			.withMessage("Invalid Session TTL '86401000000000', must be between [10s=24h0m0s]");
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> read("{\"TTL\": \"10\"}"))
			.withMessage("Session TTL '10' invalid: time: missing unit in duration \"10\"");
	}

}
