/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.junction.launcher.LaunchOptions.BadOptionException;
import dev.junction.launcher.LaunchOptions.PostgresMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LaunchOptionsTests {

	@Test
	void withoutOptionsTheDocumentedPortsAndTheLocalOrEmbeddedPostgresAreUsed() {
		LaunchOptions options = LaunchOptions.parse(List.of());
		assertThat(options.postgres()).isEqualTo(PostgresMode.AUTO);
		assertThat(options.namePrefix()).isEqualTo("junction");
		assertThat(options.classSharing()).isTrue();
		assertThat(options.help()).isFalse();
		Ports ports = options.ports();
		assertThat(List.of(ports.consul(), ports.gateway(), ports.gatewayManagement(), ports.userV1(),
				ports.userV1Management(), ports.userV2(), ports.userV2Management(), ports.order(),
				ports.orderManagement()))
			.containsExactly(8500, 8080, 9080, 8081, 9081, 8082, 9082, 8083, 9083);
	}

	@Test
	void aPortOffsetShiftsEveryPort() {
		Ports ports = LaunchOptions.parse(List.of("--port-offset=1000")).ports();
		assertThat(List.of(ports.consul(), ports.gateway(), ports.orderManagement())).containsExactly(9500, 9080,
				10083);
	}

	@Test
	void everyOptionIsRead() {
		LaunchOptions options = LaunchOptions.parse(List.of("--embedded-postgres", "--name-prefix=demo_2",
				"--work-dir=/tmp/junction", "--startup-timeout=30", "--no-class-sharing", "--help"));
		assertThat(options.postgres()).isEqualTo(PostgresMode.EMBEDDED);
		assertThat(options.namePrefix()).isEqualTo("demo_2");
		assertThat(options.workDirectory()).isEqualTo(Path.of("/tmp/junction"));
		assertThat(options.startupTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(options.classSharing()).isFalse();
		assertThat(options.help()).isTrue();
		assertThat(LaunchOptions.parse(List.of("--no-embedded-postgres")).postgres()).isEqualTo(PostgresMode.LOCAL);
	}

	@Test
	void anUnknownOptionIsNamed() {
		assertThatExceptionOfType(BadOptionException.class).isThrownBy(() -> LaunchOptions.parse(List.of("--port=1")))
			.withMessage("Unknown option '--port=1'.");
	}

	@Test
	void aPortOffsetMustBeAWholeNumberThatKeepsEveryPortValid() {
		assertThatExceptionOfType(BadOptionException.class)
			.isThrownBy(() -> LaunchOptions.parse(List.of("--port-offset=ten")))
			.withMessage("--port-offset needs a whole number, not 'ten'.");
		assertThatExceptionOfType(BadOptionException.class)
			.isThrownBy(() -> LaunchOptions.parse(List.of("--port-offset=60000")))
			.withMessageContaining("between 0 and 56452");
		assertThatExceptionOfType(BadOptionException.class)
			.isThrownBy(() -> LaunchOptions.parse(List.of("--port-offset=-1")))
			.withMessageContaining("between 0 and 56452");
		assertThatExceptionOfType(BadOptionException.class)
			.isThrownBy(() -> LaunchOptions.parse(List.of("--port-offset")))
			.withMessage("--port-offset needs a value, as in --port-offset=...");
	}

	@Test
	void contradictoryPostgresOptionsAreRefused() {
		assertThatExceptionOfType(BadOptionException.class)
			.isThrownBy(() -> LaunchOptions.parse(List.of("--embedded-postgres", "--no-embedded-postgres")))
			.withMessageContaining("contradict");
		assertThatExceptionOfType(BadOptionException.class)
			.isThrownBy(() -> LaunchOptions.parse(List.of("--embedded-postgres=yes")))
			.withMessage("--embedded-postgres takes no value (got 'yes').");
	}

	@Test
	void aNamePrefixMustBeUsableAsADatabaseName() {
		assertThatExceptionOfType(BadOptionException.class)
			.isThrownBy(() -> LaunchOptions.parse(List.of("--name-prefix=Bad-Name; DROP")))
			.withMessageContaining("[a-z][a-z0-9_]*");
		assertThatExceptionOfType(BadOptionException.class)
			.isThrownBy(() -> LaunchOptions.parse(List.of("--startup-timeout=0")))
			.withMessageContaining("at least 1");
	}

}
