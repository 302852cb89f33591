/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import dev.junction.testsupport.ConsulHttp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An instance that is registered and passing but broken: it accepts connections and
 * closes them without answering. Counts the connections, so a test sees how many attempts
 * reached it.
 */
final class ClosingServer implements AutoCloseable {

	private final ServerSocket socket;

	private final AtomicInteger accepted = new AtomicInteger();

	private final Thread acceptor;

	private final String consul;

	private final String id;

	ClosingServer(String consul, String service, String version) throws IOException {
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.acceptor = new Thread(this::acceptLoop, "closing-server-" + this.socket.getLocalPort());
		this.acceptor.setDaemon(true);
		this.acceptor.start();
		this.consul = consul;
		this.id = service + "-broken-" + port();
		ConsulHttp.register(consul, this.id, service, port(), version);
	}

	int port() {
		return this.socket.getLocalPort();
	}

	int accepted() {
		return this.accepted.get();
	}

	private void acceptLoop() {
		while (!this.socket.isClosed()) {
			try (Socket connection = this.socket.accept()) {
				this.accepted.incrementAndGet();
				connection.setSoLinger(true, 0);
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	@Override
	public void close() throws IOException {
		ConsulHttp.deregister(this.consul, this.id);
		this.socket.close();
	}

}
