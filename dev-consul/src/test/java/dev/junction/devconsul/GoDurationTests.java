/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GoDurationTests {

	@Test
	void parsesTheDurationsConsulClientsSend() {
		assertThat(GoDuration.parse("55s")).isEqualTo(Duration.ofSeconds(55));
		assertThat(GoDuration.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
		assertThat(GoDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
		assertThat(GoDuration.parse("10m")).isEqualTo(Duration.ofMinutes(10));
		assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
		assertThat(GoDuration.parse("2us")).isEqualTo(Duration.ofNanos(2000));
		assertThat(GoDuration.parse("-1s")).isEqualTo(Duration.ofSeconds(-1));
		assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
	}

	@Test
	void rejectsWhatGoRejects() {
		for (String bad : new String[] { "", "5", "1.5", "s", "1d", "1 s", ".s", "1s5", "--1s", "1..5s" }) {
			assertThatIllegalArgumentException().as(bad).isThrownBy(() -> GoDuration.parse(bad));
		}
	}

	@Test
	void formatsLikeGo() {
		assertThat(GoDuration.format(Duration.ofSeconds(10))).isEqualTo("10s");
		assertThat(GoDuration.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
		assertThat(GoDuration.format(Duration.ofMinutes(1))).isEqualTo("1m0s");
		assertThat(GoDuration.format(Duration.ofHours(1))).isEqualTo("1h0m0s");
		assertThat(GoDuration.format(Duration.ofMillis(500))).isEqualTo("500ms");
		assertThat(GoDuration.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
		assertThat(GoDuration.format(Duration.ZERO)).isEqualTo("0s");
	}

}
