/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.devconsul;

import java.util.ArrayDeque;
import java.util.Map;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.EventExecutor;

/**
 * One per connection: turns aggregated HTTP requests into {@link ApiRequest}s for the
 * {@link Router} and writes the answers. Answers go out in request order even when a
 * blocking query is parked: later pipelined requests wait in a queue. Nothing here blocks
 * a thread.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

	private final Router router;

	private final ArrayDeque<FullHttpRequest> queued = new ArrayDeque<>();

	private ChannelResponder inFlight;

	RequestHandler(Router router) {
		super(false);
		this.router = router;
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
		this.queued.add(request);
		drain(ctx);
	}

	private void drain(ChannelHandlerContext ctx) {
		while (this.inFlight == null && !this.queued.isEmpty() && ctx.channel().isActive()) {
			FullHttpRequest request = this.queued.poll();
			ChannelResponder responder = new ChannelResponder(ctx, request.protocolVersion(),
					HttpUtil.isKeepAlive(request));
			this.inFlight = responder;
			try {
				if (request.decoderResult().isFailure()) {
					responder.keepAlive = false;
					responder.send(ApiResponse.text(HttpResponseStatus.BAD_REQUEST, "Bad Request"));
				}
				else {
					ApiRequest api = ApiRequest.from(request);
					responder.pretty = api.has("pretty");
					this.router.dispatch(api, responder);
				}
			}
			catch (ApiException ex) {
				responder.send(ApiResponse.error(ex));
			}
			catch (RuntimeException ex) {
				responder.send(ApiResponse.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, String.valueOf(ex)));
			}
			finally {
				request.release();
			}
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		if (this.inFlight != null) {
			this.inFlight.abandon();
			this.inFlight = null;
		}
		this.queued.forEach(FullHttpRequest::release);
		this.queued.clear();
		super.channelInactive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		ctx.close();
	}

	private final class ChannelResponder implements Responder {

		private final ChannelHandlerContext ctx;

		private final HttpVersion version;

		private boolean pretty;

		private boolean keepAlive;

		private boolean done;

		private Runnable abandonAction;

		ChannelResponder(ChannelHandlerContext ctx, HttpVersion version, boolean keepAlive) {
			this.ctx = ctx;
			this.version = version;
			this.keepAlive = keepAlive;
		}

		@Override
		public void send(ApiResponse response) {
			if (!this.ctx.executor().inEventLoop()) {
				this.ctx.executor().execute(() -> send(response));
				return;
			}
			if (this.done) {
				return;
			}
			this.done = true;
			write(response);
			if (RequestHandler.this.inFlight == this) {
				RequestHandler.this.inFlight = null;
				drain(this.ctx);
			}
		}

		private void write(ApiResponse response) {
			byte[] body = response.body(this.pretty);
			FullHttpResponse http = new DefaultFullHttpResponse(this.version, response.status(),
					Unpooled.wrappedBuffer(body));
			http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
			http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
			http.headers().set(HttpHeaderNames.VARY, "Accept-Encoding");
			if (response.index() >= 0) {
				http.headers().set("X-Consul-Index", Long.toString(response.index()));
				http.headers().set("X-Consul-KnownLeader", "true");
				http.headers().set("X-Consul-LastContact", "0");
			}
			for (Map.Entry<String, String> header : response.headers().entrySet()) {
				http.headers().set(header.getKey(), header.getValue());
			}
			if (!this.keepAlive) {
				http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
				this.ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
			}
			else {
				if (this.version.equals(HttpVersion.HTTP_1_0)) {
					http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
				}
				this.ctx.writeAndFlush(http);
			}
		}

		@Override
		public EventExecutor executor() {
			return this.ctx.executor();
		}

		@Override
		public void onAbandon(Runnable action) {
			this.abandonAction = action;
		}

		void abandon() {
			this.done = true;
			if (this.abandonAction != null) {
				this.abandonAction.run();
			}
		}

	}

}
