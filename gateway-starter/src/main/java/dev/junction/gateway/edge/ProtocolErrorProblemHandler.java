/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import java.net.URI;
import java.net.URISyntaxException;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResultProvider;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import org.jspecify.annotations.Nullable;
import reactor.netty.channel.ChannelOperations;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Gives the answers Reactor Netty writes itself, before WebFlux sees a request, the
 * gateway's {@code application/problem+json} body: {@code 400} for a request it cannot
 * parse (request line, header names and values, chunked framing, a target Java cannot
 * read as a URI), {@code 414} for a request line and {@code 431} for a header section
 * over the limits. Reactor Netty sends those with an empty body and
 * {@code Connection: close}; the status and the closing stay.
 * <p>
 * Such an answer is recognised as the one that follows an inbound message that failed to
 * decode, that is written for Reactor Netty's stand-in exchange of a request it could not
 * accept ({@code FailedHttpServerRequest}), or the empty {@code 400} Spring's adapter
 * answers to a request target that is not a URI; an empty error a service sent is never
 * touched.
 * <p>
 * A body whose framing breaks mid-exchange (a bad chunk size) fails the request body
 * ({@link ClientRequestFailure}, {@code 400}) instead of ending it: Reactor Netty would
 * end the body there as if complete, and the gateway would forward a truncated request as
 * a whole one. That connection is closed after its answer. Sits between the HTTP codec
 * and {@code HttpTrafficHandler}.
 */
final class ProtocolErrorProblemHandler extends ChannelDuplexHandler {

	private static final String FAILED_REQUEST = "FailedHttpServerRequest";

	/** Whether an inbound message failed to decode and its answer is not written yet. */
	private boolean decodingFailed;

	/** The request target of the request being answered. */
	private @Nullable String target;

	/**
	 * Whether a body failed to decode mid-exchange: its connection is closed after the
	 * answer.
	 */
	private boolean bodyFailed;

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof HttpContent content && !(msg instanceof HttpRequest) && content.decoderResult().isFailure()
				&& ChannelOperations.get(ctx.channel()) != null) {
			// Reactor Netty would complete the body as if it had ended, and the request,
			// cut short, would be forwarded as a whole one: fail the body instead
			this.bodyFailed = true;
			Throwable cause = content.decoderResult().cause();
			content.release();
			ctx.fireExceptionCaught(new DecoderException("Invalid request body framing", cause));
			return;
		}
		if (msg instanceof DecoderResultProvider decoded && decoded.decoderResult().isFailure()) {
			this.decodingFailed = true;
		}
		if (msg instanceof HttpRequest request) {
			this.target = request.uri();
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (msg instanceof FullHttpResponse response && isRefusal(ctx, response)) {
			this.decodingFailed = false;
			ctx.write(withProblem(response), promise);
			return;
		}
		if (this.bodyFailed) {
			if (msg instanceof HttpResponse response) {
				response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			}
			if (msg instanceof LastHttpContent) {
				ctx.write(msg, promise.unvoid()).addListener(ChannelFutureListener.CLOSE);
				return;
			}
		}
		ctx.write(msg, promise);
	}

	private boolean isRefusal(ChannelHandlerContext ctx, FullHttpResponse response) {
		int status = response.status().code();
		if ((status != 400 && status != 414 && status != 431) || response.content().isReadable()) {
			return false;
		}
		if (this.decodingFailed) {
			return true;
		}
		ChannelOperations<?, ?> ops = ChannelOperations.get(ctx.channel());
		return (ops != null && ops.getClass().getSimpleName().equals(FAILED_REQUEST))
				|| (status == 400 && !isUri(this.target));
	}

	/**
	 * Whether WebFlux can read the request target: Spring's Reactor Netty adapter answers
	 * an empty {@code 400} itself to one that is not a valid URI ({@code [}, {@code \},
	 * {@code %zz}). Checked only when an empty {@code 400} is written.
	 */
	private static boolean isUri(@Nullable String target) {
		if (target == null) {
			return true;
		}
		try {
			new URI(target);
			return true;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	private static FullHttpResponse withProblem(FullHttpResponse refusal) {
		HttpStatus status = HttpStatus.valueOf(refusal.status().code());
		byte[] body = ProblemJson.bytes(GatewayProblems.problem(status, type(status), detail(status)).getBody());
		FullHttpResponse problem = new DefaultFullHttpResponse(refusal.protocolVersion(), refusal.status(),
				Unpooled.wrappedBuffer(body), refusal.headers().copy(), refusal.trailingHeaders().copy());
		problem.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
			.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
		refusal.release();
		return problem;
	}

	private static String type(HttpStatus status) {
		return switch (status) {
			case URI_TOO_LONG -> "request-line-too-long";
			case REQUEST_HEADER_FIELDS_TOO_LARGE -> "header-section-too-large";
			default -> "malformed-request";
		};
	}

	private static String detail(HttpStatus status) {
		return switch (status) {
			case URI_TOO_LONG -> "The request line is longer than the gateway accepts. Send a shorter URI.";
			case REQUEST_HEADER_FIELDS_TOO_LARGE ->
				"The request's header section is larger than the gateway accepts. Send fewer or smaller headers.";
			default -> "The request is not valid HTTP/1.1 (request line, header fields or body framing), or its "
					+ "target is not a valid URI. Fix the request before sending it again.";
		};
	}

}
