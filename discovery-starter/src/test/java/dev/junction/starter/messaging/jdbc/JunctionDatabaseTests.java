/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.messaging.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JunctionDatabase}: what the configuration says about the database.
 */
class JunctionDatabaseTests {

	@ParameterizedTest
	@ValueSource(
			strings = { "jdbc:postgresql://db:5432/orders", "jdbc:postgresql:orders", "jdbc:tc:postgresql:16:///orders",
					"jdbc:p6spy:postgresql://db/orders", "jdbc:aws-wrapper:postgresql://db/orders" })
	void postgresqlUrlsKeepTheParts(String url) {
		JunctionDatabase database = JunctionDatabase
			.of(new MockEnvironment().withProperty("spring.datasource.url", url), null);
		assertThat(database.isOther()).isFalse();
		assertThat(database.isUnknown()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdbc:h2:mem:test", "jdbc:mysql://db:3306/orders?password=secret",
			"jdbc:sqlserver://db;databaseName=orders", "jdbc:hsqldb:mem:test" })
	void otherUrlsAreAnotherDatabaseAndTheirCredentialsAreNotRepeated(String url) {
		JunctionDatabase database = JunctionDatabase
			.of(new MockEnvironment().withProperty("spring.datasource.url", url), null);
		assertThat(database.isOther()).isTrue();
		assertThat(database.description()).doesNotContain("secret");
	}

	@ParameterizedTest
	@ValueSource(strings = { "org.h2.Driver", "com.mysql.cj.jdbc.Driver" })
	void anotherDriverWithoutAUrlIsAnotherDatabase(String driver) {
		assertThat(JunctionDatabase
			.of(new MockEnvironment().withProperty("spring.datasource.driver-class-name", driver), null)
			.isOther()).isTrue();
	}

	@Test
	void nothingConfiguredIsUnknown() {
		assertThat(JunctionDatabase.of(new MockEnvironment(), null).isUnknown()).isTrue();
	}

}
