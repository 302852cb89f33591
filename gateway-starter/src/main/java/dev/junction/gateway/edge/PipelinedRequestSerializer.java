/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * Hands Reactor Netty's HTTP/1.1 handling one request at a time: a request that arrives
 * (pipelined) while the previous one's exchange is still running is held here, with its
 * body, and passed on only once that exchange has ended, and the connection is not read
 * further meanwhile.
 * <p>
 * Reactor Netty's own pipelining in {@code HttpTrafficHandler} (1.3.8) mishandles such
 * requests: bodies of held requests were delivered already released (most pipelined POSTs
 * answered {@code 500}, {@code IllegalReferenceCountException}), and a held request with
 * {@code Connection: close} turned the connection non-persistent for the requests ahead
 * of it, so every answer after the first was dropped. Seeing one request at a time, it
 * never pipelines.
 * <p>
 * Body chunks are copied out of the read buffer they were decoded from. The HTTP decoder
 * hands out slices that share the read buffer's reference count, and somewhere on the
 * body's way through the server (Reactor Netty 1.3.8, WebFlux, Spring Cloud Gateway) a
 * chunk is released once too often: harmless while the read buffer holds one request, but
 * with pipelining the same buffer still holds the next requests, which the extra release
 * frees ({@code IllegalReferenceCountException} in the decoder and in the next request's
 * body). A copy of its own keeps that release away from the next requests.
 * <p>
 * It also keeps the request timeout ({@code junction.gateway.edge.request-timeout}): the
 * longest time from a request's head to its last content. Reactor Netty's own (1.3.8)
 * starts a timer per request and cancels it only when the request's last content reaches
 * the exchange; an exchange answered before that (every refusal the gateway writes at
 * once: {@code 429}, {@code 503} at a route's limit, {@code 400}, {@code 404}) has its
 * last content dropped, and its timer held the whole exchange in memory for the full
 * timeout: 30 s of a refusal flood, hundreds of megabytes, and the gateway in full GCs.
 * Here the timer ends with whichever comes first: the request's last content, the end of
 * its exchange, or the connection's. When it fires while the request is still being
 * received, the exchange fails with {@link RequestTimeoutException} (answered
 * {@code 408}) and the connection is closed.
 * <p>
 * Sits between the HTTP codec and {@code HttpTrafficHandler}; one instance per
 * connection.
 */
final class PipelinedRequestSerializer extends ChannelDuplexHandler {

	/** Fired by Reactor Netty once an exchange is over (the class is not public). */
	private static final String TERMINATED_EVENT = "reactor.netty.http.server.HttpServerOperationsTerminatedEvent";

	private final ArrayDeque<Object> held = new ArrayDeque<>();

	/** Whether a request was passed on whose exchange has not ended. */
	private boolean inFlight;

	/** Whether a read was asked for while requests were held. */
	private boolean readWanted;

	private final long requestTimeoutNanos;

	/** The request timeout of the request being received, if any. */
	private @Nullable ScheduledFuture<?> requestTimeout;

	/**
	 * Creates the handler of one connection.
	 * @param requestTimeoutNanos longest time from a request's head to its last content
	 */
	PipelinedRequestSerializer(long requestTimeoutNanos) {
		this.requestTimeoutNanos = requestTimeoutNanos;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		msg = detached(msg);
		if (!this.held.isEmpty() || (this.inFlight && msg instanceof HttpRequest)) {
			this.held.add(msg);
			ctx.channel().config().setAutoRead(false);
			return;
		}
		if (msg instanceof HttpRequest) {
			this.inFlight = true;
		}
		pass(ctx, msg);
	}

	/**
	 * Hands a message on, timing the request from its head to its last content.
	 */
	private void pass(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof HttpRequest && !(msg instanceof LastHttpContent)) {
			startRequestTimeout(ctx);
		}
		else if (msg instanceof LastHttpContent) {
			stopRequestTimeout();
		}
		ctx.fireChannelRead(msg);
	}

	private void startRequestTimeout(ChannelHandlerContext ctx) {
		stopRequestTimeout();
		this.requestTimeout = ctx.executor()
			.schedule(() -> requestTimedOut(ctx), this.requestTimeoutNanos, TimeUnit.NANOSECONDS);
	}

	private void stopRequestTimeout() {
		if (this.requestTimeout != null) {
			this.requestTimeout.cancel(false);
			this.requestTimeout = null;
		}
	}

	private void requestTimedOut(ChannelHandlerContext ctx) {
		this.requestTimeout = null;
		if (ctx.channel().isActive()) {
			// the exchange's request body fails: answered 408 while nothing was written
			ctx.fireExceptionCaught(new RequestTimeoutException());
			ctx.close();
		}
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
		ctx.fireUserEventTriggered(evt);
		if (evt.getClass().getName().equals(TERMINATED_EVENT)) {
			this.inFlight = false;
			// answered before its last content: what is left of it is dropped
			stopRequestTimeout();
			passHeld(ctx);
		}
	}

	@Override
	public void read(ChannelHandlerContext ctx) {
		if (this.held.isEmpty()) {
			ctx.read();
		}
		else {
			this.readWanted = true;
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		stopRequestTimeout();
		releaseHeld();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		stopRequestTimeout();
		releaseHeld();
	}

	private void passHeld(ChannelHandlerContext ctx) {
		while (!this.held.isEmpty() && ctx.channel().isActive()) {
			Object next = this.held.peek();
			if (next instanceof HttpRequest) {
				if (this.inFlight) {
					return;
				}
				this.inFlight = true;
			}
			pass(ctx, this.held.poll());
		}
		if (this.held.isEmpty() && this.readWanted) {
			this.readWanted = false;
			ctx.read();
		}
	}

	private void releaseHeld() {
		for (Object msg; (msg = this.held.poll()) != null;) {
			ReferenceCountUtil.release(msg);
		}
	}

	/**
	 * The message with its content in a buffer of its own, not a slice of the read buffer
	 * that later requests are decoded from too.
	 */
	private static Object detached(Object msg) {
		if (!(msg instanceof HttpContent content) || msg instanceof HttpRequest || !content.content().isReadable()
				|| content.decoderResult().isFailure()) {
			return msg;
		}
		HttpContent copy = (msg instanceof LastHttpContent last)
				? new DefaultLastHttpContent(Unpooled.copiedBuffer(last.content()), last.trailingHeaders())
				: new DefaultHttpContent(Unpooled.copiedBuffer(content.content()));
		content.release();
		return copy;
	}

}
