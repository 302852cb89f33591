/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Tells an HTTP/1.0 client that asked for keep-alive that the connection stays open:
 * Reactor Netty keeps such a connection open but answers with an HTTP/1.1 status line and
 * no {@code Connection} header, which an HTTP/1.0 client reads as "the server closes"
 * (RFC 9112, 9.3), so it waits for a close that never comes or drops the connection. An
 * answer that closes the connection says {@code Connection: close} already and is left
 * alone. Sits between the HTTP codec and {@code HttpTrafficHandler}, behind the
 * {@link PipelinedRequestSerializer}, so it sees one request at a time.
 */
final class Http10KeepAliveHandler extends ChannelDuplexHandler {

	private boolean http10KeepAlive;

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof HttpRequest request) {
			this.http10KeepAlive = request.protocolVersion().equals(HttpVersion.HTTP_1_0)
					&& HttpUtil.isKeepAlive(request);
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (this.http10KeepAlive && msg instanceof HttpResponse response
				&& response.status().codeClass() != HttpStatusClass.INFORMATIONAL
				&& !response.headers().contains(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true)) {
			response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
		}
		ctx.write(msg, promise);
	}

}
