/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoopbackPortsTests {

	@Test
	void aFreePortLiesBelowTheEphemeralRangeAndCanBeBound() throws IOException {
		int port = LoopbackPorts.free();
		assertThat(port).isBetween(10_000, LoopbackPorts.ephemeralRangeStart() - 1);
		try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			assertThat(server.getLocalPort()).isEqualTo(port);
			assertThat(LoopbackPorts.isFree(port)).as("while a server listens on it").isFalse();
		}
	}

}
