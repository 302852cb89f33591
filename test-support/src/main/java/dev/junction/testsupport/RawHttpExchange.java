/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

/**
 * One HTTP/1.1 exchange written by hand over a socket, for the requests that ordinary
 * clients refuse to send or change on the way (a header section of a chosen size, a
 * broken request line, control characters). The request goes out as ISO-8859-1 bytes; the
 * answer is read until the server closes the connection.
 *
 * <pre class="code">
 * RawHttpExchange answer = RawHttpExchange.send(port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
 * assertThat(answer.status()).isEqualTo(400);
 * </pre>
 *
 * @param status the answer's status code ({@code 0} when the server closed without one)
 * @param head the status line and header lines
 * @param body the body as received (chunked bodies are not decoded)
 */
public record RawHttpExchange(int status, String head, String body) {

	/**
	 * Sends a request to {@code 127.0.0.1} and reads the whole answer.
	 * @param port the server's port
	 * @param request the request, with CRLF line ends and the final empty line; ask for
	 * {@code Connection: close} so the answer ends
	 * @return the answer
	 */
	public static RawHttpExchange send(int port, String request) {
		return parse(RawHttp.exchange(port, null, request));
	}

	/**
	 * A GET of a path with extra header lines, closing the connection afterwards.
	 * @param port the server's port
	 * @param path the request target, as it goes on the wire
	 * @param headerLines complete header lines ({@code Name: value})
	 * @return the answer
	 */
	public static RawHttpExchange get(int port, String path, String... headerLines) {
		return parse(RawHttp.get(port, null, path, headerLines));
	}

	/**
	 * The value of a header of the answer.
	 * @param name the header name, any case
	 * @return its first value, or {@code null}
	 */
	public String header(String name) {
		return RawHttp.header(this.head, name);
	}

	private static RawHttpExchange parse(String answer) {
		int end = answer.indexOf("\r\n\r\n");
		String head = (end >= 0) ? answer.substring(0, end) : answer;
		String body = (end >= 0) ? answer.substring(end + 4) : "";
		int status = (head.startsWith("HTTP/1.") && head.length() >= 12) ? Integer.parseInt(head.substring(9, 12)) : 0;
		return new RawHttpExchange(status, head, body);
	}
}
