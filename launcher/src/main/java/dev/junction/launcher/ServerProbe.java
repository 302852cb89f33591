/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Asks a local server whether it answers its own protocol, not merely whether its port is
 * open: a half-started server, or another program on the port, is not mistaken for it.
 */
final class ServerProbe {

	static final String HOST = "127.0.0.1";

	static final int POSTGRES_PORT = 5432;

	static final int REDIS_PORT = 6379;

	static final int RABBIT_PORT = 5672;

	private static final int TIMEOUT_MILLIS = 2000;

	private static final boolean WINDOWS = System.getProperty("os.name", "")
		.toLowerCase(Locale.ROOT)
		.startsWith("windows");

	private ServerProbe() {
	}

	/** Whether PostgreSQL answers an SSLRequest ('S' or 'N'). */
	static boolean postgres(int port) {
		return ask(port, new byte[] { 0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f }, (in) -> {
			int answer = in.read();
			return answer == 'S' || answer == 'N';
		});
	}

	/** Whether Redis answers {@code PING} with {@code +PONG}. */
	static boolean redis(int port) {
		return ask(port, "PING\r\n".getBytes(StandardCharsets.US_ASCII),
				(in) -> new String(in.readNBytes(5), StandardCharsets.US_ASCII).equals("+PONG"));
	}

	/**
	 * Whether an AMQP 0-9-1 broker greets the protocol header with a method frame
	 * ({@code connection.start}).
	 */
	static boolean rabbit(int port) {
		return ask(port, new byte[] { 'A', 'M', 'Q', 'P', 0, 0, 9, 1 }, (in) -> in.read() == 1);
	}

	/**
	 * Whether nothing listens on the loopback port (so the launcher's apps may bind it).
	 * The probe binds the way the apps do: Tomcat and Netty servers set
	 * {@code SO_REUSEADDR} on Linux and macOS, so the sockets a previous run left in
	 * {@code TIME_WAIT} do not count as taken (they would, for a minute, with it off). On
	 * Windows {@code SO_REUSEADDR} would let a bind share a port that is really in use,
	 * and {@code TIME_WAIT} never blocks a bind there, so it stays off.
	 */
	static boolean free(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(!WINDOWS);
			socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean ask(int port, byte[] question, Answer answer) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(HOST, port), TIMEOUT_MILLIS);
			socket.setSoTimeout(TIMEOUT_MILLIS);
			OutputStream out = socket.getOutputStream();
			out.write(question);
			out.flush();
			return answer.accepts(socket.getInputStream());
		}
		catch (IOException ex) {
			return false;
		}
	}

	@FunctionalInterface
	private interface Answer {

		boolean accepts(InputStream in) throws IOException;

	}

}
