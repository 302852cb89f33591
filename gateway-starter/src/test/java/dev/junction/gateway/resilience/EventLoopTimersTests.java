/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.resilience;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.EventLoop;
import io.netty.util.internal.ThreadExecutorMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

class EventLoopTimersTests {

	private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

	@AfterEach
	void shutDown() {
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

	@Test
	void aTimeoutArmedOnAnEventLoopFiresOnThatEventLoop() throws Exception {
		EventLoop eventLoop = this.group.next();
		CompletableFuture<Thread> firedOn = new CompletableFuture<>();
		eventLoop.execute(() -> Mono.never()
			.timeout(Duration.ofMillis(50), EventLoopTimers.current())
			.subscribe(null, (failure) -> {
				if (failure instanceof TimeoutException) {
					firedOn.complete(Thread.currentThread());
				}
				else {
					firedOn.completeExceptionally(failure);
				}
			}));

		Thread thread = firedOn.get(10, TimeUnit.SECONDS);
		assertThat(eventLoop.inEventLoop(thread)).isTrue();
	}

	@Test
	void aCancelledTimeoutNeverFires() throws Exception {
		EventLoop eventLoop = this.group.next();
		CompletableFuture<String> outcome = new CompletableFuture<>();
		eventLoop.execute(() -> Mono.delay(Duration.ofMillis(20), EventLoopTimers.current())
			.map((tick) -> "answered")
			.timeout(Duration.ofMillis(200), EventLoopTimers.current())
			.subscribe(outcome::complete, outcome::completeExceptionally));

		assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("answered");
		// past the cancelled timeout: the answer stands and the event loop still works
		Thread.sleep(300);
		assertThat(outcome).isCompletedWithValue("answered");
		assertThat(eventLoop.submit(() -> "alive").get(10, TimeUnit.SECONDS)).isEqualTo("alive");
	}

	@Test
	void aThreadLentToAnotherEventLoopArmsItsTimersThere() throws Exception {
		MultiThreadIoEventLoopGroup other = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
		try {
			EventLoop first = this.group.next();
			EventLoop second = other.next();
			CompletableFuture<Thread> firedOn = new CompletableFuture<>();
			ThreadExecutorMap.setCurrentExecutor(first);
			try {
				EventLoopTimers.current();
				// the same thread, now running for the other event loop
				ThreadExecutorMap.setCurrentExecutor(second);
				Mono.never()
					.timeout(Duration.ofMillis(50), EventLoopTimers.current())
					.subscribe(null, (failure) -> firedOn.complete(Thread.currentThread()));
			}
			finally {
				ThreadExecutorMap.setCurrentExecutor(null);
			}

			assertThat(second.inEventLoop(firedOn.get(10, TimeUnit.SECONDS))).isTrue();
		}
		finally {
			other.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
		}
	}

	@Test
	void offAnEventLoopTimersRunOnReactorsParallelScheduler() {
		Scheduler scheduler = EventLoopTimers.current();

		assertThat(scheduler).isSameAs(Schedulers.parallel());
	}

}
