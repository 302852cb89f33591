/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The slow-client timeouts of an HTTP/1.1 connection, while a request is being received:
 * the read timeout ({@code junction.gateway.edge.read-timeout}, the longest silence
 * between two pieces of the request) and the request timeout
 * ({@code junction.gateway.edge.request-timeout}, the longest time from its head to its
 * last content). When one passes, the exchange fails with {@link ReadTimeoutException} or
 * {@link RequestTimeoutException} (answered {@code 408}) and the connection is closed.
 * <p>
 * They replace Reactor Netty's own (1.3.8), which add a read-timeout handler to the
 * pipeline and schedule a request-timeout task for every request, and end both only when
 * the request's last content reaches the exchange. An exchange answered before that
 * (every refusal the gateway writes at once: {@code 429}, {@code 503} at a route's limit,
 * {@code 400}, {@code 404}) has its last content dropped, so its task held the whole
 * exchange in memory for the full request timeout: at 10,000 refusals a second a 512 MB
 * heap filled in 15 s and the gateway ran full GCs. Here a connection has at most one
 * timer, which holds nothing of an exchange, and a request stops being timed at its last
 * content, at the end of its exchange, or when the connection closes. The timer is not
 * cancelled between requests: it finds nothing to time and ends, so a keep-alive
 * connection's requests schedule nothing in the common case.
 * <p>
 * Sits behind {@link PipelinedRequestSerializer}, so it times the request Reactor Netty
 * is handed; one instance per connection.
 */
final class RequestTimeouts extends ChannelDuplexHandler {

	private final long readTimeoutNanos;

	private final long requestTimeoutNanos;

	/** Whether a request's head was passed on and its last content was not. */
	private boolean receiving;

	private long requestStartedAt;

	private long lastReadAt;

	/** The connection's one timer, if scheduled. */
	private @Nullable ScheduledFuture<?> timer;

	/**
	 * Creates the timeouts of one connection.
	 * @param readTimeoutNanos longest silence while a request is being received
	 * @param requestTimeoutNanos longest time from a request's head to its last content
	 */
	RequestTimeouts(long readTimeoutNanos, long requestTimeoutNanos) {
		this.readTimeoutNanos = readTimeoutNanos;
		this.requestTimeoutNanos = requestTimeoutNanos;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof HttpRequest && !(msg instanceof LastHttpContent)) {
			long now = now(ctx);
			this.receiving = true;
			this.requestStartedAt = now;
			this.lastReadAt = now;
			if (this.timer == null) {
				schedule(ctx, now);
			}
		}
		else if (msg instanceof LastHttpContent) {
			this.receiving = false;
		}
		else if (this.receiving && msg instanceof HttpContent) {
			this.lastReadAt = now(ctx);
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
		if (evt.getClass().getName().equals(PipelinedRequestSerializer.TERMINATED_EVENT)) {
			// answered before its last content: the server drops what is left of it
			this.receiving = false;
		}
		ctx.fireUserEventTriggered(evt);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		cancel();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		cancel();
	}

	private void cancel() {
		this.receiving = false;
		if (this.timer != null) {
			this.timer.cancel(false);
			this.timer = null;
		}
	}

	private void schedule(ChannelHandlerContext ctx, long now) {
		long deadline = Math.min(this.requestStartedAt + this.requestTimeoutNanos,
				this.lastReadAt + this.readTimeoutNanos);
		this.timer = ctx.executor().schedule(() -> check(ctx), Math.max(0, deadline - now), TimeUnit.NANOSECONDS);
	}

	private void check(ChannelHandlerContext ctx) {
		this.timer = null;
		if (!this.receiving || !ctx.channel().isActive()) {
			return;
		}
		long now = now(ctx);
		Throwable timedOut = (now - (this.requestStartedAt + this.requestTimeoutNanos) >= 0)
				? new RequestTimeoutException()
				: (now - (this.lastReadAt + this.readTimeoutNanos) >= 0) ? ReadTimeoutException.INSTANCE : null;
		if (timedOut == null) {
			schedule(ctx, now);
			return;
		}
		this.receiving = false;
		// the exchange's request body fails: answered 408 while nothing was written yet
		ctx.fireExceptionCaught(timedOut);
		ctx.close();
	}

	private static long now(ChannelHandlerContext ctx) {
		return ctx.executor().ticker().nanoTime();
	}

}
