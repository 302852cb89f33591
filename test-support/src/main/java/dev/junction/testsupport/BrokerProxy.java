/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback between an app and the broker that the test can make hold the
 * bytes of one direction, so that a publish is stuck before the broker or its confirm is
 * stuck on the way back: the app cannot tell that from a slow network, and the test knows
 * for sure where the message is when it kills the app. Bytes held when the test drops the
 * connections are discarded, as the kernel discards a dead process's socket buffers.
 */
public final class BrokerProxy implements AutoCloseable {

	/** Which way bytes flow. */
	public enum Direction {

		/** From the app to the broker: publishes. */
		TO_BROKER,

		/** From the broker to the app: confirms, deliveries, replies. */
		TO_APP

	}

	private final ServerSocket server;

	private final String brokerHost;

	private final int brokerPort;

	private final List<Link> links = new CopyOnWriteArrayList<>();

	private final Set<Direction> held = EnumSet.noneOf(Direction.class);

	private int waitingChunks;

	private volatile boolean closed;

	/**
	 * Starts relaying on a free loopback port.
	 * @param brokerHost the broker's host
	 * @param brokerPort the broker's port
	 */
	public BrokerProxy(String brokerHost, int brokerPort) {
		this.brokerHost = brokerHost;
		this.brokerPort = brokerPort;
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(this::acceptUntilClosed, "broker-proxy-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/** The port the relay listens on. */
	public int port() {
		return this.server.getLocalPort();
	}

	/** Holds the bytes of one direction (of every connection) until released. */
	public synchronized void hold(Direction direction) {
		this.held.add(direction);
	}

	/** Lets every direction flow again, held bytes first. */
	public synchronized void release() {
		this.held.clear();
		notifyAll();
	}

	/**
	 * Whether some bytes were read and are now waiting because their direction is held.
	 */
	public synchronized boolean isHoldingBytes() {
		return this.waitingChunks > 0;
	}

	/** Closes every connection through the relay, discarding what it holds. */
	public void dropConnections() {
		for (Link link : this.links) {
			link.close();
		}
		this.links.clear();
		synchronized (this) {
			notifyAll();
		}
	}

	@Override
	public void close() {
		this.closed = true;
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		dropConnections();
		release();
	}

	private void acceptUntilClosed() {
		while (!this.closed) {
			try {
				Socket app = this.server.accept();
				Socket broker = new Socket(this.brokerHost, this.brokerPort);
				app.setTcpNoDelay(true);
				broker.setTcpNoDelay(true);
				Link link = new Link(app, broker);
				this.links.add(link);
				link.pump(Direction.TO_BROKER, app, broker);
				link.pump(Direction.TO_APP, broker, app);
			}
			catch (IOException ex) {
				// closed, or the broker refused: the app sees a dropped connection
			}
		}
	}

	/**
	 * Waits while the direction is held.
	 * @return whether the bytes may be written (their connection is still open)
	 */
	private synchronized boolean awaitFlowing(Direction direction, Link link) throws InterruptedException {
		this.waitingChunks++;
		try {
			while (this.held.contains(direction) && !link.closed) {
				wait();
			}
			return !link.closed;
		}
		finally {
			this.waitingChunks--;
		}
	}

	private final class Link {

		private final Socket app;

		private final Socket broker;

		private volatile boolean closed;

		Link(Socket app, Socket broker) {
			this.app = app;
			this.broker = broker;
		}

		void pump(Direction direction, Socket from, Socket to) {
			Thread thread = new Thread(() -> {
				byte[] buffer = new byte[16384];
				try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
					int read;
					while ((read = in.read(buffer)) >= 0) {
						// checked after the read: what arrives while held stays here
						if (!awaitFlowing(direction, this)) {
							break;
						}
						out.write(buffer, 0, read);
						out.flush();
					}
				}
				catch (IOException | InterruptedException ex) {
					// the connection ends
				}
				finally {
					close();
				}
			}, "broker-proxy-" + direction);
			thread.setDaemon(true);
			thread.start();
		}

		void close() {
			this.closed = true;
			closeQuietly(this.app);
			closeQuietly(this.broker);
			synchronized (BrokerProxy.this) {
				BrokerProxy.this.notifyAll();
			}
		}

	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
