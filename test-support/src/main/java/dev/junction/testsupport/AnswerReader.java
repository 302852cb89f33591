/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads consecutive HTTP/1.1 answers off one connection, each framed by its
 * {@code Content-Length} or chunked encoding, so that a test of pipelined requests can
 * tell which answer came for which request, and how many came before the connection
 * closed.
 */
public final class AnswerReader {

	private final InputStream in;

	public AnswerReader(InputStream in) {
		this.in = in;
	}

	/**
	 * Reads answers until the connection closes, the socket's read timeout passes, or
	 * {@code max} answers arrived.
	 * @param max the most answers to read
	 * @return each answer's status line, headers and (de-chunked) body
	 */
	public List<String> readAll(int max) {
		List<String> answers = new ArrayList<>();
		try {
			for (String answer; answers.size() < max && (answer = next()) != null;) {
				answers.add(answer);
			}
		}
		catch (SocketTimeoutException ex) {
			// nothing more came: what arrived is the result
		}
		catch (IOException ex) {
			// reset by the server after its last answer
		}
		return answers;
	}

	/** The next answer, or {@code null} when the connection closed before one began. */
	public String next() throws IOException {
		String statusLine = line();
		if (statusLine == null) {
			return null;
		}
		StringBuilder head = new StringBuilder(statusLine).append("\r\n");
		long length = -1;
		boolean chunked = false;
		for (String line; (line = line()) != null && !line.isEmpty();) {
			head.append(line).append("\r\n");
			String lower = line.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-length:")) {
				length = Long.parseLong(line.substring(15).trim());
			}
			else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
		}
		head.append("\r\n");
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		if (chunked) {
			for (long size; (size = Long.parseLong(String.valueOf(line()).split(";")[0].trim(), 16)) > 0;) {
				body.write(this.in.readNBytes((int) size));
				line();
			}
			line();
		}
		else if (length >= 0) {
			body.write(this.in.readNBytes((int) length));
		}
		else if (!statusLine.contains(" 204 ") && !statusLine.contains(" 304 ")) {
			body.write(this.in.readAllBytes());
		}
		return head + body.toString(StandardCharsets.UTF_8);
	}

	private String line() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b; (b = this.in.read()) != -1;) {
			if (b == '\n') {
				String text = line.toString(StandardCharsets.ISO_8859_1);
				return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
			}
			line.write(b);
		}
		return (line.size() > 0) ? line.toString(StandardCharsets.ISO_8859_1) : null;
	}

}
