/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import dev.junction.testsupport.LoopbackPorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ServerProbeTests {

	@Test
	@EnabledOnOs({ OS.LINUX, OS.MAC })
	void aPortWhoseLastConnectionIsInTimeWaitIsFreeForTheAppsAsTheyBindWithReuseAddress() throws IOException {
		int port = LoopbackPorts.free();
		leaveAConnectionInTimeWait(port);
		// the state a previous run leaves: a bind without SO_REUSEADDR is refused...
		try (ServerSocket strict = new ServerSocket()) {
			strict.setReuseAddress(false);
			assertThatExceptionOfType(IOException.class)
				.as("a bind without SO_REUSEADDR while the port's last connection is in TIME_WAIT")
				.isThrownBy(() -> strict.bind(new InetSocketAddress(InetAddress.getByName(ServerProbe.HOST), port)));
		}
		// ...but the apps bind with it, so the launcher must not report the port as taken
		assertThat(ServerProbe.free(port)).isTrue();
	}

	@Test
	void aPortSomeoneListensOnIsTaken() throws IOException {
		try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getByName(ServerProbe.HOST))) {
			assertThat(ServerProbe.free(listening.getLocalPort())).isFalse();
		}
	}

	/**
	 * Accepts one connection on the port and closes it from the server side first: that
	 * side's socket stays in {@code TIME_WAIT}, as a stopped app's sockets do.
	 */
	private static void leaveAConnectionInTimeWait(int port) throws IOException {
		try (ServerSocket server = new ServerSocket()) {
			server.setReuseAddress(true);
			server.bind(new InetSocketAddress(InetAddress.getByName(ServerProbe.HOST), port));
			try (Socket client = new Socket(ServerProbe.HOST, port); Socket accepted = server.accept()) {
				accepted.close();
				// the client reads the end of the stream, then closes its side
				assertThat(client.getInputStream().read()).isEqualTo(-1);
			}
		}
	}

}
