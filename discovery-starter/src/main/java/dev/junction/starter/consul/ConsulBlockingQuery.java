/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.consul;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A chain of Consul blocking queries on one endpoint ({@code ?index=&wait=}) that hands
 * every answer to a listener. Made by {@link ConsulBlockingQueries}, which it shares its
 * HTTP client and scheduler with. The chain is asynchronous (JDK
 * {@code HttpClient.sendAsync}) and holds no thread while Consul holds the query.
 * <p>
 * Consul's rules for the index, as its blocking-query documentation gives them:
 * <ul>
 * <li>the first query, and the first after a reset, carries no index and is answered at
 * once; every later one carries the {@code X-Consul-Index} of the previous answer and
 * {@code wait} (Go duration syntax: {@code 30s}, {@code 500ms});</li>
 * <li>an index that went backwards (a restarted agent, a restored snapshot) or is
 * {@code 0} or missing resets the index to none: the next query reads afresh;</li>
 * <li>an answer that comes back early (well before {@code wait}) without the index moving
 * forward is followed by a pause of a second before the next query, so an agent or proxy
 * that answers at once cannot make the chain spin;</li>
 * <li>a failed query (no connection, a status other than 200, or 404 where the endpoint
 * answers a missing thing with it, a listener that throws) keeps the index and is retried
 * after 0.5 s, doubling up to 10 s; the listener keeps what it had.</li>
 * </ul>
 * A query built with {@link Builder#holdEmptyAfterReset} does not hand over an empty
 * answer right after a reset (the index went backwards, or the first answer after
 * failures) while the listener holds something, until the grace period ends
 * ({@link EmptyAnswerGrace}); held answers are asked again a second later. Every answer
 * and failure also tells the {@link ConsulBlockingQueries} whether Consul can be reached.
 * A query's timeout is {@code wait} plus Consul's jitter of up to {@code wait/16} plus 5
 * s (10 s without an index). {@link #stop()} cancels the query in flight, so its
 * connection is closed rather than held until {@code wait} runs out.
 * <p>
 * Internal to Junction: public so that the gateway starter can use it, not an API for
 * applications; it may change in any release.
 */
public final class ConsulBlockingQuery {

	private static final Log logger = LogFactory.getLog(ConsulBlockingQuery.class);

	static final Duration EARLY_ANSWER = Duration.ofMillis(500);

	static final Duration EARLY_PAUSE = Duration.ofSeconds(1);

	static final Duration FIRST_ERROR_DELAY = Duration.ofMillis(500);

	static final Duration MAX_ERROR_DELAY = Duration.ofSeconds(10);

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final Duration TIMEOUT_MARGIN = Duration.ofSeconds(5);

	private final ConsulBlockingQueries owner;

	private final String url;

	private final Duration wait;

	private final Duration early;

	private final boolean notFoundAnswers;

	private final String description;

	private final Supplier<String> keeping;

	private final Listener listener;

	private final @Nullable EmptyAnswerGrace grace;

	private final Predicate<Answer> empty;

	private final BooleanSupplier holding;

	private final @Nullable Runnable unreachableAtStart;

	private volatile boolean heldLogged;

	private final CompletableFuture<Void> firstAttempt = new CompletableFuture<>();

	private final Object lock = new Object();

	private volatile long index;

	private volatile boolean synced;

	private volatile boolean running;

	private int generation;

	private @Nullable CompletableFuture<?> inFlight;

	private int failures;

	private ConsulBlockingQuery(Builder builder, Listener listener) {
		Assert.notNull(builder.wait, "wait must be set");
		Assert.isTrue(!builder.wait.isNegative(), "wait must not be negative");
		this.owner = builder.owner;
		this.url = builder.url;
		this.wait = builder.wait;
		this.early = min(EARLY_ANSWER, this.wait.dividedBy(2));
		this.notFoundAnswers = builder.notFoundAnswers;
		this.description = builder.description;
		this.keeping = builder.keeping;
		this.listener = listener;
		this.grace = (builder.grace != null) ? new EmptyAnswerGrace(builder.grace, builder.owner.clock()) : null;
		this.empty = builder.empty;
		this.holding = builder.holding;
		this.unreachableAtStart = builder.unreachableAtStart;
	}

	/**
	 * Starts the chain (again, after a {@link #stop()}).
	 */
	public void start() {
		synchronized (this.lock) {
			if (this.running) {
				return;
			}
			if (!this.owner.register(this)) {
				this.firstAttempt.complete(null);
				return;
			}
			this.running = true;
			this.generation++;
		}
		poll(currentGeneration());
	}

	/**
	 * Stops the chain and cancels the query in flight; the listener is not called any
	 * more.
	 */
	public void stop() {
		CompletableFuture<?> request;
		synchronized (this.lock) {
			this.running = false;
			this.generation++;
			request = this.inFlight;
			this.inFlight = null;
		}
		this.owner.unregister(this);
		if (request != null) {
			request.cancel(true);
		}
		this.firstAttempt.complete(null);
	}

	/**
	 * Whether the chain runs.
	 * @return {@code true} between {@link #start()} and {@link #stop()}
	 */
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Whether Consul has answered successfully at least once (a failed answer does not
	 * count).
	 * @return {@code true} once the listener had an answer
	 */
	public boolean hasSynced() {
		return this.synced;
	}

	/**
	 * Completes after the first answer, successful or not, or when the query stops.
	 * @return the future
	 */
	public CompletableFuture<Void> firstAttempt() {
		return this.firstAttempt;
	}

	/** The index the next query carries, 0 for none. */
	long index() {
		return this.index;
	}

	private int currentGeneration() {
		synchronized (this.lock) {
			return this.generation;
		}
	}

	private boolean isCurrent(int generation) {
		synchronized (this.lock) {
			return this.running && this.generation == generation;
		}
	}

	private void poll(int generation) {
		long requested = this.index;
		long started = System.nanoTime();
		try {
			CompletableFuture<HttpResponse<byte[]>> request = this.owner.http()
				.sendAsync(request(requested), HttpResponse.BodyHandlers.ofByteArray());
			synchronized (this.lock) {
				if (!this.running || this.generation != generation) {
					request.cancel(true);
					return;
				}
				this.inFlight = request;
			}
			request.whenComplete((response, failure) -> answered(generation, requested, started, response, failure));
		}
		catch (RuntimeException ex) {
			answered(generation, requested, started, null, ex);
		}
	}

	HttpRequest request(long requested) {
		String uri = this.url;
		Duration timeout = TIMEOUT;
		if (requested > 0) {
			uri += ((uri.indexOf('?') >= 0) ? "&" : "?") + "index=" + requested + "&wait=" + goDuration(this.wait);
			// Consul adds up to wait/16 of jitter before answering an unchanged query
			timeout = this.wait.plus(this.wait.dividedBy(16)).plus(TIMEOUT_MARGIN);
		}
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(uri)).timeout(timeout).GET();
		String token = this.owner.token();
		if (token != null) {
			builder.header(ConsulBlockingQueries.TOKEN_HEADER, token);
		}
		return builder.build();
	}

	private void answered(int generation, long requested, long started, @Nullable HttpResponse<byte[]> response,
			@Nullable Throwable failure) {
		if (!isCurrent(generation)) {
			return;
		}
		Duration delay = Duration.ZERO;
		try {
			if (failure != null) {
				throw failure;
			}
			int status = (response != null) ? response.statusCode() : 0;
			if (response == null || (status != 200 && !(status == 404 && this.notFoundAnswers))) {
				throw new IllegalStateException("Consul answered " + status + " for " + this.url
						+ ((response != null) ? ": " + new String(response.body()) : ""));
			}
			long answered = response.headers().firstValueAsLong("X-Consul-Index").orElse(0);
			Answer answer = new Answer(status, response.body(), answered);
			boolean reset = (requested > 0 && answered > 0 && answered < requested) || this.failures > 0;
			if (reset) {
				this.owner.reset();
				if (this.grace != null) {
					this.grace.reset();
				}
			}
			if (held(answer)) {
				// asked again without moving the index, until something or the end
				// of the grace period comes
				delay = EARLY_PAUSE;
			}
			else {
				this.listener.onAnswer(answer);
				this.index = nextIndex(requested, answered);
				if (answeredEarly(requested, answered, Duration.ofNanos(System.nanoTime() - started))) {
					delay = EARLY_PAUSE;
				}
			}
			this.synced = true;
			if (this.failures > 0) {
				logger.info("Watching " + this.description + " in Consul again, after " + this.failures
						+ " failed attempt" + ((this.failures > 1) ? "s" : ""));
			}
			this.failures = 0;
			this.owner.answered();
		}
		catch (Throwable ex) {
			this.failures++;
			delay = errorDelay(this.failures);
			this.owner.failed();
			if (!this.synced && this.failures == 1 && this.unreachableAtStart != null) {
				try {
					this.unreachableAtStart.run();
				}
				catch (RuntimeException actionFailure) {
					logger.warn("Could not take the last known state of " + this.description, actionFailure);
				}
			}
			if (this.failures == 1) {
				logger.warn("Cannot watch " + this.description + " in Consul (" + ex + "); " + this.keeping.get()
						+ " and the watch retries. Check spring.cloud.consul.host/port and the ACL token.");
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Watch of " + this.description + " failed again (" + this.failures + ")", ex);
			}
		}
		this.firstAttempt.complete(null);
		if (delay.isZero()) {
			poll(generation);
			return;
		}
		try {
			this.owner.scheduler().schedule(() -> {
				if (isCurrent(generation)) {
					poll(generation);
				}
			}, delay);
		}
		catch (RejectedExecutionException ex) {
			// the owner closed: the chain ends
		}
	}

	private boolean held(Answer answer) {
		if (this.grace == null || this.grace.endsAt() == null) {
			// outside a grace period: no need to look into the answer
			return false;
		}
		if (!this.grace.holds(this.empty.test(answer), this.holding.getAsBoolean())) {
			this.heldLogged = false;
			return false;
		}
		if (!this.heldLogged) {
			this.heldLogged = true;
			logger.info("Consul answered nothing for " + this.description + " right after it reset (restarted "
					+ "without its state?); " + this.keeping.get() + " until " + this.grace.endsAt()
					+ " unless something comes back before");
		}
		return true;
	}

	/**
	 * The index the next query carries: the answer's, or none (0) when it went backwards
	 * or is 0 or missing.
	 */
	static long nextIndex(long requested, long answered) {
		return (answered <= 0 || answered < requested) ? 0 : answered;
	}

	/**
	 * Whether an answer came back early without the index moving forward, so the next
	 * query would come back at once again.
	 */
	boolean answeredEarly(long requested, long answered, Duration took) {
		return took.compareTo(this.early) < 0 && (answered <= 0 || (requested > 0 && answered <= requested));
	}

	static Duration errorDelay(int failures) {
		Duration delay = FIRST_ERROR_DELAY.multipliedBy(1L << Math.min(failures - 1, 5));
		return (delay.compareTo(MAX_ERROR_DELAY) > 0) ? MAX_ERROR_DELAY : delay;
	}

	/** A duration as Consul reads {@code wait}: whole seconds, else milliseconds. */
	static String goDuration(Duration duration) {
		long millis = Math.max(duration.toMillis(), 1);
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	@Override
	public String toString() {
		return "ConsulBlockingQuery[" + this.description + ", index " + this.index + "]";
	}

	/**
	 * What a blocking query hands over.
	 */
	@FunctionalInterface
	public interface Listener {

		/**
		 * Takes one answer; an exception counts as a failed query (the index stays, the
		 * query is retried).
		 * @param answer the answer
		 */
		void onAnswer(Answer answer);

	}

	/**
	 * One answer of Consul.
	 *
	 * @param status 200, or 404 where the query takes it as "nothing there"
	 * @param body the body
	 * @param index its {@code X-Consul-Index}, 0 when missing
	 */
	public record Answer(int status, byte[] body, long index) {

		/**
		 * Whether Consul found what was asked for.
		 * @return {@code false} for a 404
		 */
		public boolean found() {
			return this.status == 200;
		}

	}

	/**
	 * Describes a chain before it is made.
	 */
	public static final class Builder {

		private final ConsulBlockingQueries owner;

		private final String url;

		private @Nullable Duration wait;

		private boolean notFoundAnswers;

		private String description;

		private Supplier<String> keeping = () -> "what was read last stays in force";

		private @Nullable Duration grace;

		private Predicate<Answer> empty = (answer) -> false;

		private BooleanSupplier holding = () -> false;

		private @Nullable Runnable unreachableAtStart;

		Builder(ConsulBlockingQueries owner, String url) {
			this.owner = owner;
			this.url = url;
			this.description = url;
		}

		/**
		 * How long Consul may hold one query before answering unchanged.
		 * @param wait the wait
		 * @return this builder
		 */
		public Builder waitUpTo(Duration wait) {
			this.wait = wait;
			return this;
		}

		/**
		 * Takes a 404 as an answer ("nothing there"), as a KV read answers a missing key
		 * or prefix, with an index.
		 * @return this builder
		 */
		public Builder notFoundAnswers() {
			this.notFoundAnswers = true;
			return this;
		}

		/**
		 * How the log names what is watched and what stays while Consul cannot be
		 * reached.
		 * @param description e.g. {@code the instances of 'users'}
		 * @param keeping e.g. {@code keeping the last known 2 instance(s)}
		 * @return this builder
		 */
		public Builder describedAs(String description, Supplier<String> keeping) {
			this.description = description;
			this.keeping = keeping;
			return this;
		}

		/**
		 * Holds back empty answers right after a reset while the listener holds
		 * something, for a grace period ({@link EmptyAnswerGrace}).
		 * @param grace the grace period; zero holds nothing back
		 * @param empty whether an answer is empty
		 * @param holding whether the listener holds something now
		 * @return this builder
		 */
		public Builder holdEmptyAfterReset(Duration grace, Predicate<Answer> empty, BooleanSupplier holding) {
			this.grace = grace;
			this.empty = empty;
			this.holding = holding;
			return this;
		}

		/**
		 * What to do, once, when the first query fails before Consul ever answered (such
		 * as taking the last known state from a snapshot); runs before
		 * {@link ConsulBlockingQuery#firstAttempt()} completes.
		 * @param action the action
		 * @return this builder
		 */
		public Builder whenUnreachableAtStart(Runnable action) {
			this.unreachableAtStart = action;
			return this;
		}

		/**
		 * Makes the query; {@link ConsulBlockingQuery#start()} starts it.
		 * @param listener what takes the answers, called on the HTTP client's threads,
		 * one answer at a time
		 * @return the query
		 */
		public ConsulBlockingQuery build(Listener listener) {
			return new ConsulBlockingQuery(this, listener);
		}

	}

}
