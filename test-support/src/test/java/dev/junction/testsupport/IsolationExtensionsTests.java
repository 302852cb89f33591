/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.assertj.core.api.Assertions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs fixture test classes through the JUnit engine and checks what they leave behind on
 * the real servers.
 */
class IsolationExtensionsTests {

	@Test
	void eachTestClassWorksInItsOwnDatabaseWhichIsDroppedAfterwards() throws Exception {
		runFixture(PostgresFixture.class);
		runFixture(PostgresFixture.class);
		assertThat(PostgresFixture.seen).hasSize(2);
		assertThat(PostgresFixture.seen.get(0)).isNotEqualTo(PostgresFixture.seen.get(1));
		assertThat(databasesNamed(PostgresFixture.seen)).isEmpty();
	}

	@Test
	void redisKeysUnderAClassPrefixAreDeletedAfterTheClass() throws Exception {
		runFixture(RedisFixture.class);
		ServerConnection server = TestServers.redis();
		try (RespClient client = new RespClient(server.host(), server.port())) {
			assertThat(client.scan(RedisFixture.prefix + "*")).isEmpty();
		}
		assertThat(RedisFixture.keysDuringTest).containsExactly(RedisFixture.prefix + "counter");
	}

	@Test
	void queuesAClassWasGivenAreDeletedAfterTheClass() throws Exception {
		runFixture(RabbitFixture.class);
		ServerConnection server = TestServers.rabbitmq();
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(server.host());
		factory.setPort(server.port());
		factory.setUsername(server.username());
		factory.setPassword(server.password());
		try (com.rabbitmq.client.Connection connection = factory.newConnection()) {
			Channel channel = connection.createChannel();
			assertThat(RabbitFixture.queue).startsWith("jt_rabbitfixture_");
			// passive declare of a deleted queue closes the channel with 404
			Assertions.assertThatException()
				.isThrownBy(() -> channel.queueDeclarePassive(RabbitFixture.queue))
				.withStackTraceContaining("NOT_FOUND");
		}
	}

	private static void runFixture(Class<?> fixture) {
		EngineTestKit.engine("junit-jupiter")
			.selectors(selectClass(fixture))
			.execute()
			.testEvents()
			.assertStatistics((stats) -> stats.succeeded(1).failed(0));
	}

	private static List<String> databasesNamed(List<String> names) throws Exception {
		ServerConnection server = TestServers.postgresql();
		String url = "jdbc:postgresql://" + server.host() + ":" + server.port() + "/postgres";
		List<String> found = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(url, server.username(), server.password());
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select datname from pg_database")) {
			while (result.next()) {
				if (names.contains(result.getString(1))) {
					found.add(result.getString(1));
				}
			}
		}
		return found;
	}

	static class PostgresFixture {

		static final List<String> seen = new ArrayList<>();

		@RegisterExtension
		static PostgresDatabaseExtension database = new PostgresDatabaseExtension();

		@Test
		void writesToItsOwnDatabase() throws Exception {
			try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
				statement.execute("create table orders (id int primary key)");
				statement.execute("insert into orders values (1)");
				ResultSet result = statement.executeQuery("select current_database()");
				result.next();
				seen.add(result.getString(1));
				assertThat(result.getString(1)).isEqualTo(database.databaseName());
			}
		}

	}

	static class RedisFixture {

		static String prefix;

		static List<String> keysDuringTest;

		@RegisterExtension
		static RedisNamespaceExtension redis = new RedisNamespaceExtension();

		@Test
		void writesAKeyUnderItsPrefix() throws Exception {
			prefix = redis.keyPrefix();
			try (RespClient client = new RespClient(redis.server().host(), redis.server().port())) {
				client.command("INCR", prefix + "counter");
			}
			keysDuringTest = redis.keys();
		}

	}

	static class RabbitFixture {

		static String queue;

		@RegisterExtension
		static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

		@Test
		void declaresItsQueue() throws Exception {
			queue = rabbit.queue("orders");
			ConnectionFactory factory = new ConnectionFactory();
			factory.setHost(rabbit.server().host());
			factory.setPort(rabbit.server().port());
			factory.setUsername(rabbit.server().username());
			factory.setPassword(rabbit.server().password());
			try (com.rabbitmq.client.Connection connection = factory.newConnection()) {
				connection.createChannel().queueDeclare(queue, true, false, false, null);
			}
		}

	}

}
