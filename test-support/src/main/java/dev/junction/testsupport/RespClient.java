/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The few Redis commands test cleanup needs, spoken in RESP over a socket, so the test
 * support does not pin a Redis client library on the apps under test.
 */
final class RespClient implements Closeable {

	private final Socket socket;

	private final OutputStream out;

	private final InputStream in;

	RespClient(String host, int port) throws IOException {
		this.socket = new Socket();
		this.socket.connect(new InetSocketAddress(host, port), 2000);
		this.socket.setSoTimeout(5000);
		this.out = this.socket.getOutputStream();
		this.in = new BufferedInputStream(this.socket.getInputStream());
	}

	/** Sends a command and returns its reply: a String, a Long, a List or null. */
	Object command(String... args) throws IOException {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
		for (String arg : args) {
			byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
			request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
			request.writeBytes(bytes);
			request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
		}
		this.out.write(request.toByteArray());
		this.out.flush();
		return read();
	}

	List<String> scan(String pattern) throws IOException {
		List<String> keys = new ArrayList<>();
		String cursor = "0";
		do {
			List<?> reply = (List<?>) command("SCAN", cursor, "MATCH", pattern, "COUNT", "500");
			cursor = (String) reply.get(0);
			for (Object key : (List<?>) reply.get(1)) {
				keys.add((String) key);
			}
		}
		while (!"0".equals(cursor));
		return keys;
	}

	private Object read() throws IOException {
		int type = this.in.read();
		String line = readLine();
		return switch (type) {
			case '+' -> line;
			case ':' -> Long.parseLong(line);
			case '-' -> throw new IOException("Redis answered an error: " + line);
			case '$' -> readBulk(Integer.parseInt(line));
			case '*' -> readArray(Integer.parseInt(line));
			default -> throw new IOException("Unexpected Redis reply type " + type);
		};
	}

	private String readBulk(int length) throws IOException {
		if (length < 0) {
			return null;
		}
		byte[] bytes = this.in.readNBytes(length + 2);
		return new String(bytes, 0, length, StandardCharsets.UTF_8);
	}

	private List<Object> readArray(int count) throws IOException {
		List<Object> items = new ArrayList<>(Math.max(count, 0));
		for (int i = 0; i < count; i++) {
			items.add(read());
		}
		return items;
	}

	private String readLine() throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = this.in.read()) != '\r') {
			if (c < 0) {
				throw new IOException("Redis closed the connection");
			}
			line.append((char) c);
		}
		this.in.read(); // '\n'
		return line.toString();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
