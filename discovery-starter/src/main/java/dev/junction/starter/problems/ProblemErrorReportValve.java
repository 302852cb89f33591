/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.problems;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's own error answers as {@code application/problem+json} instead of its HTML
 * page: the errors Tomcat finds before a request reaches the application (a broken
 * request line, a header section over {@code server.max-http-request-header-size}, a
 * character HTTP does not allow in a header or the URI, an encoded NUL or slash in the
 * path) and any error status no error page answered. The body names the status and says
 * what is wrong in general terms; it never echoes the request or Tomcat's message, so it
 * cannot reflect what a client sent.
 * <p>
 * An oversized header section is answered {@code 431} (RFC 6585) as the gateway does, not
 * Tomcat's {@code 400}, so a client sees the same answer whichever hop refused it.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, @Nullable Throwable throwable) {
		int status = response.getStatus();
		// as Tomcat's valve: only errors, only once, and only while nothing was written
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(true);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		if (status == 400 && isHeaderTooLarge(throwable)) {
			status = HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE.value();
			response.setStatus(status);
		}
		try {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body(status));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response was committed meanwhile: nothing to tell
		}
	}

	static String body(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		String title = (known != null) ? known.getReasonPhrase() : "Error";
		String detail = switch (status) {
			case 400 -> "The request is not valid HTTP: its request line, a header or the URI is malformed or has"
					+ " a character HTTP does not allow.";
			case 431 -> "The request's header section is larger than this service accepts.";
			case 414 -> "The request's URI is longer than this service accepts.";
			default -> (status >= 500) ? "The service failed to answer this request." : title + ".";
		};
		// only fixed texts: nothing to escape
		return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail
				+ "\"}";
	}

	private static boolean isHeaderTooLarge(@Nullable Throwable throwable) {
		for (Throwable cause = throwable; cause != null; cause = cause.getCause()) {
			String message = cause.getMessage();
			// Tomcat's iib.requestheadertoolarge.error; no exception type of its own
			if (message != null && message.contains("header is too large")) {
				return true;
			}
		}
		return false;
	}

}
