/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TestServersTests {

	@Test
	void postgresqlAnswersQueriesOverJdbc() throws Exception {
		ServerConnection server = TestServers.postgresql();
		String url = "jdbc:postgresql://" + server.host() + ":" + server.port() + "/postgres";
		try (Connection connection = DriverManager.getConnection(url, server.username(), server.password());
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("select 40 + 2")) {
			assertThat(result.next()).isTrue();
			assertThat(result.getInt(1)).isEqualTo(42);
		}
	}

	@Test
	void redisAnswersPing() throws Exception {
		ServerConnection server = TestServers.redis();
		try (RespClient client = new RespClient(server.host(), server.port())) {
			assertThat(client.command("PING")).isEqualTo("PONG");
		}
	}

	@Test
	void rabbitmqAcceptsAnAmqpConnection() throws Exception {
		ServerConnection server = TestServers.rabbitmq();
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(server.host());
		factory.setPort(server.port());
		factory.setUsername(server.username());
		factory.setPassword(server.password());
		try (com.rabbitmq.client.Connection connection = factory.newConnection()) {
			assertThat(connection.isOpen()).isTrue();
			assertThat(connection.getServerProperties()).containsKey("version");
		}
	}

	@Test
	void theSameServerIsReturnedForEveryAsk() {
		assertThat(TestServers.redis()).isSameAs(TestServers.redis());
	}

}
