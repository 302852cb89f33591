/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Asks a local server whether it answers its own protocol, not merely whether its port is
 * open, so a half-started server is not mistaken for a ready one.
 */
final class LocalServerProbe {

	private static final int TIMEOUT_MILLIS = 2000;

	private LocalServerProbe() {
	}

	static boolean answers(ServerKind kind, String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
			socket.setSoTimeout(TIMEOUT_MILLIS);
			return switch (kind) {
				case REDIS -> redisPongs(socket);
				case RABBITMQ -> amqpGreets(socket);
				case POSTGRESQL -> postgresAnswersSslRequest(socket);
			};
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean redisPongs(Socket socket) throws IOException {
		socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
		byte[] reply = socket.getInputStream().readNBytes(7);
		return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
	}

	private static boolean amqpGreets(Socket socket) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(new byte[] { 'A', 'M', 'Q', 'P', 0, 0, 9, 1 });
		out.flush();
		// a broker answers with a method frame (type 1) carrying connection.start
		return socket.getInputStream().read() == 1;
	}

	private static boolean postgresAnswersSslRequest(Socket socket) throws IOException {
		// SSLRequest: length 8, code 80877103; a PostgreSQL server answers 'S' or 'N'
		OutputStream out = socket.getOutputStream();
		out.write(new byte[] { 0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f });
		out.flush();
		InputStream in = socket.getInputStream();
		int answer = in.read();
		return answer == 'S' || answer == 'N';
	}

}
