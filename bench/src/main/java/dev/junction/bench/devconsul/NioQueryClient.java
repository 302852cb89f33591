/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.devconsul;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.junction.bench.devconsul.Waiter.Outcome;

/**
 * A minimal HTTP/1.1 client on one selector thread: one keep-alive connection per waiter,
 * {@code Content-Length} bodies only (what the agent sends). The time of an answer is
 * taken on the selector thread the moment its last byte is read.
 */
final class NioQueryClient implements QueryClient {

	private final InetSocketAddress address;

	private final String host;

	private final Selector selector;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final Map<Integer, Connection> connections = new ConcurrentHashMap<>();

	private final Thread loop;

	private volatile boolean running = true;

	NioQueryClient(String host, int port) throws IOException {
		this.address = new InetSocketAddress(host, port);
		this.host = host + ":" + port;
		this.selector = Selector.open();
		this.loop = new Thread(this::run, "bench-nio");
		this.loop.setDaemon(true);
		this.loop.start();
	}

	@Override
	public CompletableFuture<Outcome> get(int id, String pathAndQuery) {
		CompletableFuture<Outcome> result = new CompletableFuture<>();
		byte[] request = ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + this.host + "\r\nAccept: */*\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		this.tasks.add(() -> send(id, request, result));
		this.selector.wakeup();
		return result;
	}

	private void send(int id, byte[] request, CompletableFuture<Outcome> result) {
		try {
			Connection connection = this.connections.get(id);
			if (connection == null || !connection.channel.isOpen()) {
				SocketChannel channel = SocketChannel.open(this.address);
				channel.configureBlocking(false);
				connection = new Connection(channel);
				channel.register(this.selector, SelectionKey.OP_READ, connection);
				this.connections.put(id, connection);
			}
			connection.pending = result;
			ByteBuffer out = ByteBuffer.wrap(request);
			for (int attempt = 0; out.hasRemaining() && attempt < 1000; attempt++) {
				connection.channel.write(out);
			}
			if (out.hasRemaining()) {
				throw new IOException("could not write a " + request.length + "-byte request");
			}
		}
		catch (IOException ex) {
			result.complete(new Outcome(-1, -1, System.nanoTime(), ex));
		}
	}

	private void run() {
		ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
		while (this.running) {
			try {
				this.selector.select(100);
				for (SelectionKey key : this.selector.selectedKeys()) {
					read(key, buffer);
				}
				this.selector.selectedKeys().clear();
				for (Runnable task = this.tasks.poll(); task != null; task = this.tasks.poll()) {
					task.run();
				}
			}
			catch (IOException ex) {
				BlockingQueryBench.say("NIO client loop: %s", ex);
			}
		}
	}

	private void read(SelectionKey key, ByteBuffer buffer) {
		Connection connection = (Connection) key.attachment();
		try {
			buffer.clear();
			int read = connection.channel.read(buffer);
			if (read < 0) {
				key.cancel();
				connection.channel.close();
				connection.fail(new IOException("the agent closed the connection"));
				return;
			}
			buffer.flip();
			connection.received(buffer);
		}
		catch (IOException | RuntimeException ex) {
			key.cancel();
			connection.fail(new IOException("unreadable answer: " + ex.getMessage(), ex));
		}
	}

	@Override
	public void close() {
		this.running = false;
		this.selector.wakeup();
		for (Connection connection : this.connections.values()) {
			try {
				connection.channel.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
	}

	/** One keep-alive connection and the answer it is reading. */
	private static final class Connection {

		private final SocketChannel channel;

		private byte[] data = new byte[4096];

		private int length;

		private CompletableFuture<Outcome> pending;

		Connection(SocketChannel channel) {
			this.channel = channel;
		}

		void received(ByteBuffer buffer) throws IOException {
			if (this.length + buffer.remaining() > this.data.length) {
				byte[] bigger = new byte[Math.max(this.data.length * 2, this.length + buffer.remaining())];
				System.arraycopy(this.data, 0, bigger, 0, this.length);
				this.data = bigger;
			}
			int count = buffer.remaining();
			buffer.get(this.data, this.length, count);
			this.length += count;
			String text = new String(this.data, 0, this.length, StandardCharsets.ISO_8859_1);
			int headersEnd = text.indexOf("\r\n\r\n");
			if (headersEnd < 0) {
				return;
			}
			String[] lines = text.substring(0, headersEnd).split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			long index = -1;
			int contentLength = -1;
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
				String value = lines[i].substring(colon + 1).trim();
				if (name.equals("x-consul-index")) {
					index = Long.parseLong(value);
				}
				else if (name.equals("content-length")) {
					contentLength = Integer.parseInt(value);
				}
			}
			if (contentLength < 0) {
				throw new IOException("answer without Content-Length: " + lines[0]);
			}
			if (this.length >= headersEnd + 4 + contentLength) {
				this.length = 0;
				CompletableFuture<Outcome> done = this.pending;
				this.pending = null;
				if (done != null) {
					done.complete(new Outcome(status, index, System.nanoTime(), null));
				}
			}
		}

		void fail(IOException ex) {
			CompletableFuture<Outcome> done = this.pending;
			this.pending = null;
			if (done != null) {
				done.complete(new Outcome(-1, -1, System.nanoTime(), ex));
			}
		}

	}

}
