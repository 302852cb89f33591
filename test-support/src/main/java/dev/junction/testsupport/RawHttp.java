/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * HTTP/1.1 written by hand over a socket, for what ordinary clients refuse to send
 * (hop-by-hop headers, a forged client address from a chosen local address, a request
 * that never ends, pipelined requests): the gateway's tests and the integration
 * scenarios.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Sends a request and reads the answer until the connection closes or the timeout.
	 * @param port the gateway's port on 127.0.0.1
	 * @param from local address to connect from (any 127.x.y.z), or {@code null}
	 * @param request the request, with CRLF line ends and a final empty line
	 * @return the answer's status line, headers and body
	 */
	public static String exchange(int port, String from, String request) {
		try (Socket socket = new Socket()) {
			if (from != null) {
				socket.bind(new InetSocketAddress(from, 0));
			}
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(10_000);
			try {
				socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
				socket.getOutputStream().flush();
			}
			catch (IOException ex) {
				// the server may answer and close before the request is all sent (413)
			}
			return readAnswer(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends requests back to back on one connection, without waiting for answers
	 * (pipelining), and reads the answers as they come.
	 * @param port the gateway's port on 127.0.0.1
	 * @param requests the requests, one after the other
	 * @param expected how many answers to wait for at most
	 * @return the answers that arrived before the connection closed or went quiet for 10
	 * seconds, in order
	 */
	public static List<String> pipeline(int port, String requests, int expected) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(requests.getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream().flush();
			return new AnswerReader(socket.getInputStream()).readAll(expected);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The body of an answer. */
	public static String body(String answer) {
		int end = answer.indexOf("\r\n\r\n");
		return (end < 0) ? "" : answer.substring(end + 4);
	}

	/** A GET with {@code Connection: close} and the given extra header lines. */
	public static String get(int port, String from, String path, String... headerLines) {
		StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: gateway\r\n");
		for (String line : headerLines) {
			request.append(line).append("\r\n");
		}
		return exchange(port, from, request.append("Connection: close\r\n\r\n").toString());
	}

	/** The value of a header of an answer, or {@code null}. */
	public static String header(String answer, String name) {
		for (String line : answer.split("\r\n")) {
			if (line.isEmpty()) {
				break;
			}
			int colon = line.indexOf(':');
			if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
				return line.substring(colon + 1).trim();
			}
		}
		return null;
	}

	public static int status(String answer) {
		return Integer.parseInt(answer.substring(9, 12));
	}

	/**
	 * Starts a request and stops sending; returns how long the gateway took to close the
	 * connection (or {@code null} if it had not within the limit).
	 */
	public static Duration timeToCloseAfterPartialRequest(int port, String partial, Duration limit) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout((int) limit.toMillis());
			long started = System.nanoTime();
			socket.getOutputStream().write(partial.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			InputStream in = socket.getInputStream();
			while (in.read() != -1) {
				// an answer (such as 408) is fine; what
				// counts is that the connection ends
			}
			return Duration.ofNanos(System.nanoTime() - started);
		}
		catch (SocketTimeoutException ex) {
			return null;
		}
		catch (IOException ex) {
			// reset by the server: closed too
			return Duration.ZERO;
		}
	}

	/**
	 * Starts a request and keeps sending it one byte per interval, never finishing;
	 * returns how long the gateway took to close the connection (or {@code null} if it
	 * had not within the limit).
	 */
	public static Duration timeToCloseWhileTrickling(int port, String start, Duration interval, Duration limit) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout((int) interval.toMillis());
			long started = System.nanoTime();
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			out.write(start.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			while (System.nanoTime() - started < limit.toNanos()) {
				try {
					if (in.read() == -1) {
						return Duration.ofNanos(System.nanoTime() - started);
					}
					// an answer (such as 408) is fine; what
					// counts is that the connection ends
				}
				catch (SocketTimeoutException ex) {
					out.write('a');
					out.flush();
				}
			}
			return null;
		}
		catch (IOException ex) {
			// reset by the server, or a write to a closed connection: closed
			return Duration.ZERO;
		}
	}

	private static String readAnswer(InputStream in) throws IOException {
		ByteArrayOutputStream answer = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int read; (read = in.read(buffer)) != -1;) {
				answer.write(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			// timed out or reset after answering: keep what arrived
			if (answer.size() == 0) {
				throw ex;
			}
		}
		return answer.toString(StandardCharsets.ISO_8859_1);
	}

}
