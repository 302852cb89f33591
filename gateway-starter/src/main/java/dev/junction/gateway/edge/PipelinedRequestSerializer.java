/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import java.util.ArrayDeque;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

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
 * Sits between the HTTP codec and {@code HttpTrafficHandler}; one instance per
 * connection.
 */
final class PipelinedRequestSerializer extends ChannelDuplexHandler {

	/** Fired by Reactor Netty once an exchange is over (the class is not public). */
	static final String TERMINATED_EVENT = "reactor.netty.http.server.HttpServerOperationsTerminatedEvent";

	private final ArrayDeque<Object> held = new ArrayDeque<>();

	/** Whether a request was passed on whose exchange has not ended. */
	private boolean inFlight;

	/** Whether a read was asked for while requests were held. */
	private boolean readWanted;

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
		ctx.fireChannelRead(msg);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
		ctx.fireUserEventTriggered(evt);
		if (evt.getClass().getName().equals(TERMINATED_EVENT)) {
			this.inFlight = false;
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
		releaseHeld();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
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
			ctx.fireChannelRead(this.held.poll());
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
