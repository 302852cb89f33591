/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server on loopback that accepts TCP connections and never answers: the failure a
 * timeout must handle, since the connect succeeds and only the read would wait forever.
 * Register its port as an instance to see what callers do with one that hangs.
 */
public final class SilentServer implements AutoCloseable {

	private final ServerSocket socket;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private SilentServer(ServerSocket socket) {
		this.socket = socket;
	}

	/**
	 * Starts accepting connections on a free loopback port.
	 * @return the running server
	 * @throws IOException if no port could be bound
	 */
	public static SilentServer start() throws IOException {
		SilentServer server = new SilentServer(new ServerSocket(0, 200, InetAddress.getLoopbackAddress()));
		Thread acceptor = new Thread(server::acceptForever, "silent-server");
		acceptor.setDaemon(true);
		acceptor.start();
		return server;
	}

	public int port() {
		return this.socket.getLocalPort();
	}

	/** How many connections were accepted (and left unanswered). */
	public int accepted() {
		return this.accepted.size();
	}

	private void acceptForever() {
		while (!this.socket.isClosed()) {
			try {
				this.accepted.add(this.socket.accept()); // kept open, never read, never
															// written
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
		for (Socket connection : this.accepted) {
			connection.close();
		}
	}

}
