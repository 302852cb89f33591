/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.edge;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutException;
import org.junit.jupiter.api.Test;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerConfig;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slow-client timeouts of {@link RequestTimeouts}, which replace Reactor Netty's on
 * HTTP/1.1 connections, on an embedded channel whose clock the test moves. Behind the
 * serializer sits a stand-in for Reactor Netty's exchange handling (which cannot run on
 * an embedded channel): it records what reaches it, and may end the exchange at once with
 * Reactor Netty's own end-of-exchange event, as the server does when a refusal is written
 * before the request's last content is read.
 */
class RequestTimeoutsTests {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private final Exchanges exchanges = new Exchanges();

	private final EmbeddedChannel channel = new EmbeddedChannel(
			new RequestTimeouts(READ_TIMEOUT.toNanos(), REQUEST_TIMEOUT.toNanos()), this.exchanges);

	@Test
	void requestsAnsweredBeforeTheirLastContentLeaveNoTimerBehind() throws Exception {
		this.exchanges.answerAtOnce = true;
		for (int i = 0; i < 1000; i++) {
			this.channel.writeInbound(get());
			this.channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
		}
		assertThat(this.exchanges.requests).isEqualTo(1000);
		// the connection's one timer finds nothing to time and ends
		this.channel.advanceTimeBy(READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		this.channel.runScheduledPendingTasks();
		assertThat(this.channel.runScheduledPendingTasks()).as("time to the next scheduled task").isEqualTo(-1);
		assertThat(this.exchanges.failures).isEmpty();
		assertThat(this.channel.isActive()).isTrue();
	}

	@Test
	void aRequestReceivedWholeIsNotTimedOutWhileItsServiceAnswersSlowly() throws Exception {
		this.channel.writeInbound(get());
		this.channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
		for (int i = 0; i < 6; i++) {
			this.channel.advanceTimeBy(READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			this.channel.runScheduledPendingTasks();
		}
		assertThat(this.exchanges.failures).isEmpty();
		assertThat(this.channel.isActive()).isTrue();
	}

	@Test
	void aBodyThatStopsFailsItsExchangeAndClosesTheConnectionAfterTheReadTimeout() throws Exception {
		this.channel.writeInbound(post());
		this.channel.advanceTimeBy(READ_TIMEOUT.toSeconds() - 1, TimeUnit.SECONDS);
		this.channel.runScheduledPendingTasks();
		this.channel.writeInbound(new DefaultHttpContent(Unpooled.copiedBuffer("0123456789", StandardCharsets.UTF_8)));
		this.channel.advanceTimeBy(READ_TIMEOUT.toSeconds() - 1, TimeUnit.SECONDS);
		this.channel.runScheduledPendingTasks();
		assertThat(this.exchanges.failures).as("a read came within the read timeout").isEmpty();
		assertThat(this.channel.isActive()).isTrue();
		this.channel.advanceTimeBy(2, TimeUnit.SECONDS);
		this.channel.runScheduledPendingTasks();
		assertThat(this.exchanges.failures).singleElement()
			.isInstanceOf(ReadTimeoutException.class)
			.satisfies(
					(failure) -> assertThat(ClientRequestFailure.of(failure).getStatusCode().value()).isEqualTo(408));
		assertThat(this.channel.isActive()).isFalse();
	}

	@Test
	void aBodyTrickledInFailsItsExchangeAndClosesTheConnectionAfterTheRequestTimeout() throws Exception {
		this.channel.writeInbound(post());
		for (int second = 5; second < REQUEST_TIMEOUT.toSeconds(); second += 5) {
			this.channel.advanceTimeBy(5, TimeUnit.SECONDS);
			this.channel.runScheduledPendingTasks();
			this.channel.writeInbound(new DefaultHttpContent(Unpooled.copiedBuffer("0", StandardCharsets.UTF_8)));
		}
		assertThat(this.exchanges.failures).isEmpty();
		this.channel.advanceTimeBy(6, TimeUnit.SECONDS);
		this.channel.runScheduledPendingTasks();
		assertThat(this.exchanges.failures).singleElement()
			.isInstanceOf(RequestTimeoutException.class)
			.satisfies(
					(failure) -> assertThat(ClientRequestFailure.of(failure).getStatusCode().value()).isEqualTo(408));
		assertThat(this.channel.isActive()).isFalse();
	}

	@Test
	void eachRequestOnAConnectionIsTimedFromItsOwnHead() throws Exception {
		this.exchanges.answerAtOnce = true;
		this.channel.writeInbound(get());
		this.channel.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
		this.channel.advanceTimeBy(READ_TIMEOUT.toSeconds() - 1, TimeUnit.SECONDS);
		// a second request whose body does not come
		this.exchanges.answerAtOnce = false;
		this.channel.writeInbound(post());
		this.channel.advanceTimeBy(2, TimeUnit.SECONDS);
		this.channel.runScheduledPendingTasks();
		assertThat(this.exchanges.failures).as("past the first request's read timeout").isEmpty();
		this.channel.advanceTimeBy(READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		this.channel.runScheduledPendingTasks();
		assertThat(this.exchanges.failures).singleElement().isInstanceOf(ReadTimeoutException.class);
	}

	@Test
	void reactorNettysOwnTimeoutsAreLeftOnOnlyWhereHttp2Is() {
		EdgeProperties properties = new EdgeProperties();
		NettyServerCustomizer customizer = new EdgeAutoConfiguration().junctionSlowClientCustomizer(properties);
		HttpServerConfig http11 = customizer.apply(HttpServer.create()).configuration();
		assertThat(http11.requestTimeout()).isNull();
		assertThat(http11.readTimeout()).isNull();
		HttpServerConfig http2 = customizer.apply(HttpServer.create().protocol(HttpProtocol.HTTP11, HttpProtocol.H2C))
			.configuration();
		assertThat(http2.requestTimeout()).isEqualTo(properties.getRequestTimeout());
		assertThat(http2.readTimeout()).isEqualTo(properties.getReadTimeout());
	}

	private static HttpRequest get() {
		return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/users/1");
	}

	private static HttpRequest post() {
		HttpRequest post = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/orders");
		post.headers().set(HttpHeaderNames.CONTENT_LENGTH, 100);
		return post;
	}

	/**
	 * Stands in for Reactor Netty behind the timeouts.
	 */
	private static final class Exchanges extends ChannelInboundHandlerAdapter {

		private final Object terminated;

		boolean answerAtOnce;

		int requests;

		final List<Throwable> failures = new ArrayList<>();

		Exchanges() {
			try {
				// the server's end-of-exchange event, a class that Reactor
				// Netty does not make public
				var event = Class.forName("reactor.netty.http.server.HttpServerOperationsTerminatedEvent")
					.getDeclaredField("INSTANCE");
				event.setAccessible(true);
				this.terminated = event.get(null);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof HttpRequest) {
				this.requests++;
				if (this.answerAtOnce) {
					ctx.pipeline().fireUserEventTriggered(this.terminated);
				}
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			this.failures.add(cause);
		}

	}

}
