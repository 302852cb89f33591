/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.junction.testsupport.ConsulHttp;

/**
 * An instance that is registered and passing but hung: it accepts connections, reads
 * nothing and never answers, keeping every connection open until the caller gives up.
 * Counts the connections, so a test sees how many attempts reached it.
 */
final class HungServer implements AutoCloseable {

	private final ServerSocket socket;

	private final AtomicInteger accepted = new AtomicInteger();

	private final List<Socket> connections = new CopyOnWriteArrayList<>();

	private final String consul;

	private final String id;

	HungServer(String consul, String service, String version) throws IOException {
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::acceptLoop, "hung-server-" + this.socket.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
		this.consul = consul;
		this.id = service + "-hung-" + port();
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
			try {
				this.connections.add(this.socket.accept());
				this.accepted.incrementAndGet();
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
		for (Socket connection : this.connections) {
			connection.close();
		}
	}

}
