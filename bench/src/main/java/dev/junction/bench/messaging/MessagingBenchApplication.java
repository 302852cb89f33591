/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.messaging;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.junction.starter.messaging.JunctionPublisher;
import dev.junction.starter.messaging.JunctionQueues;
import dev.junction.starter.messaging.PendingConfirm;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * M1 and M2: a Spring Boot app with Junction's starter (nothing configured but names)
 * that publishes {@code OrderPlaced} events with publisher confirms through
 * {@link JunctionPublisher}, a window of unconfirmed messages at a time
 * ({@code bench.mode=publish}), or consumes them with the starter's listener settings
 * ({@code bench.mode=consume}), and prints one {@code [bench-result]} line with the rate.
 * Run from the bench module's classpath by the M1/M2 scenario; its queue is a Junction
 * queue ({@link JunctionQueues}: quorum, dead-lettering).
 */
@SpringBootApplication
public class MessagingBenchApplication {

	static final String ROUTING_KEY = "order.placed";

	/** Warm-up messages go to a queue of their own, emptied before the measured run. */
	static final String WARM_UP_ROUTING_KEY = "order.placed.warm-up";

	public static final String WARM_UP_QUEUE_SUFFIX = ".warm-up";

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(MessagingBenchApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		System.exit(SpringApplication.exit(application.run(args)));
	}

	@Bean
	Declarables benchQueue(JunctionQueues queues, @Value("${bench.exchange}") String exchange,
			@Value("${bench.queue}") String queue) {
		List<Declarable> all = new ArrayList<>(queues.exchange(exchange).getDeclarables());
		all.addAll(queues.queue(queue, exchange, ROUTING_KEY).getDeclarables());
		all.addAll(queues.queue(queue + WARM_UP_QUEUE_SUFFIX, exchange, WARM_UP_ROUTING_KEY).getDeclarables());
		return new Declarables(all);
	}

	@Bean
	Consumed consumed() {
		return new Consumed();
	}

	@Bean
	ApplicationRunner bench(JunctionPublisher publisher, AmqpAdmin admin, Consumed consumed,
			@Value("${bench.mode}") String mode, @Value("${bench.exchange}") String exchange,
			@Value("${bench.queue}") String queue, @Value("${bench.messages}") int messages,
			@Value("${bench.window:100}") int window, @Value("${bench.warm-up:0}") int warmUp) {
		return (arguments) -> {
			if ("publish".equals(mode)) {
				// the same path, measured once the JIT has compiled it
				publish(publisher, exchange, WARM_UP_ROUTING_KEY, warmUp, window);
				admin.purgeQueue(queue + WARM_UP_QUEUE_SUFFIX, false);
				long start = System.nanoTime();
				publish(publisher, exchange, ROUTING_KEY, messages, window);
				report("publish", messages, System.nanoTime() - start);
			}
			else {
				if (!consumed.done.await(5, TimeUnit.MINUTES)) {
					throw new IllegalStateException("Consumed only " + consumed.count.get() + " of "
							+ (warmUp + messages) + " (warm-up included)");
				}
				report("consume", messages, consumed.last.get() - consumed.first.get());
			}
		};
	}

	private static void publish(JunctionPublisher publisher, String exchange, String routingKey, int messages,
			int window) {
		Deque<PendingConfirm> pending = new ArrayDeque<>();
		for (int i = 0; i < messages; i++) {
			OrderPlaced event = new OrderPlaced(UUID.randomUUID(), 1 + i % 1000, "coffee", 1, Instant.now());
			Message message = publisher.toMessage(event, Map.of());
			pending.add(publisher.send(exchange, routingKey, message));
			if (pending.size() >= window) {
				pending.poll().await();
			}
		}
		while (!pending.isEmpty()) {
			pending.poll().await();
		}
	}

	private static void report(String what, int messages, long nanos) {
		double perSecond = messages / (nanos / 1e9);
		System.out.printf("[bench-result] %s messages=%d millis=%d rate=%.1f%n", what, messages,
				TimeUnit.NANOSECONDS.toMillis(nanos), perSecond);
	}

	/** The event, as order-service publishes it. */
	public record OrderPlaced(UUID orderId, long userId, String product, int quantity, Instant placedAt) {
	}

	/** Counts what the listener received; the rate runs from the first to the last. */
	public static final class Consumed {

		final AtomicLong count = new AtomicLong();

		final AtomicLong first = new AtomicLong();

		final AtomicLong last = new AtomicLong();

		volatile CountDownLatch done;

		private volatile long warmUp;

		private volatile long target;

		/**
		 * Sets what to count.
		 * @param messages messages measured
		 * @param warmUp messages received before them, not measured
		 */
		@Value("${bench.messages}")
		public void setMessages(int messages, @Value("${bench.warm-up:0}") int warmUp) {
			this.done = new CountDownLatch(1);
			this.warmUp = warmUp;
			this.target = (long) warmUp + messages;
		}

		@RabbitListener(queues = "${bench.queue}", autoStartup = "${bench.consume:false}")
		public void on(OrderPlaced event) {
			long now = System.nanoTime();
			long received = this.count.incrementAndGet();
			if (received == this.warmUp + 1) {
				this.first.set(now);
			}
			this.last.set(now);
			if (received >= this.target) {
				this.done.countDown();
			}
		}

	}

}
