/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.devconsul;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The calls that set up the agent and make the changes, on one blocking keep-alive
 * connection with no client library in between, so the moment a change's answer arrives
 * is known to within microseconds.
 */
final class AgentCalls implements AutoCloseable {

	private final String host;

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	AgentCalls(String host, int port) throws IOException {
		this.host = host + ":" + port;
		this.socket = new Socket();
		this.socket.setTcpNoDelay(true);
		this.socket.setSoTimeout(10_000);
		this.socket.connect(new InetSocketAddress(host, port), 5_000);
		this.in = new BufferedInputStream(this.socket.getInputStream());
		this.out = this.socket.getOutputStream();
	}

	void put(String path, String body) throws IOException {
		Answer answer = exchange("PUT", path, body);
		if (answer.status() != 200) {
			throw new IllegalStateException("PUT " + path + " answered " + answer.status() + ": " + answer.body()
					+ " - the agent does not accept what the benchmark needs");
		}
	}

	long index(String path) throws IOException {
		Answer answer = exchange("GET", path, null);
		if (answer.index() < 0) {
			throw new IllegalStateException("GET " + path + " answered " + answer.status() + " without X-Consul-Index");
		}
		return answer.index();
	}

	private Answer exchange(String method, String path, String body) throws IOException {
		byte[] content = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
		String head = method + " " + path + " HTTP/1.1\r\nHost: " + this.host + "\r\nContent-Length: " + content.length
				+ "\r\n\r\n";
		this.out.write(head.getBytes(StandardCharsets.US_ASCII));
		this.out.write(content);
		this.out.flush();
		String[] lines = readHead().split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		long index = -1;
		int length = 0;
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
			String value = lines[i].substring(colon + 1).trim();
			if (name.equals("x-consul-index")) {
				index = Long.parseLong(value);
			}
			else if (name.equals("content-length")) {
				length = Integer.parseInt(value);
			}
		}
		byte[] answerBody = this.in.readNBytes(length);
		return new Answer(status, index, new String(answerBody, StandardCharsets.UTF_8));
	}

	private String readHead() throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int next = this.in.read();
			if (next < 0) {
				throw new IOException("the agent closed the connection mid-answer");
			}
			head.write(next);
			matched = (next == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((next == '\r') ? 1 : 0);
		}
		return head.toString(StandardCharsets.ISO_8859_1).trim();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	private record Answer(int status, long index, String body) {

	}

}
