/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open-loop HTTP load generator: requests are due at a fixed rate whatever the server
 * does, and each one's latency counts from when it was due, so a stalled server shows as
 * latency (and queueing is not hidden as it is by closed-loop tools such as {@code wrk},
 * which wait for an answer before sending the next request). Latencies go into an
 * HdrHistogram; every request is also kept as a {@link Sample} for timelines.
 * <p>
 * Bounded: it stops after the given duration or at {@link #stop()}, whichever comes
 * first, and never has more than {@code maxInFlight} requests outstanding (a request due
 * beyond that counts as failed with {@code error = "overload"}). Only loopback URLs are
 * accepted.
 */
public final class FixedRateLoad implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(FixedRateLoad.class);

	/** The window of due times that {@link #awaitSettled} judges. */
	private static final int SETTLED_WINDOW_SECONDS = 10;

	/** How long before now that window ends: longer than a client timeout. */
	private static final int SETTLED_LAG_SECONDS = 13;

	private final String name;

	private final LongFunction<HttpRequest> requests;

	private final int perSecond;

	private final Duration duration;

	private final Semaphore inFlight;

	private final int maxInFlight;

	private final HttpClient client;

	private final ExecutorService executor;

	private final Recorder recorder = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);

	private final Histogram total = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);

	private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();

	private final AtomicLong ok = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final Thread pacer;

	private volatile boolean running = true;

	private volatile long startMillis;

	/**
	 * Describes the load; {@link #start()} starts it.
	 * @param name what the progress lines call it
	 * @param requests the request of each sequence number (0, 1, 2, ...)
	 * @param perSecond requests due per second
	 * @param duration how long at most
	 * @param maxInFlight most requests outstanding at once
	 */
	public FixedRateLoad(String name, LongFunction<HttpRequest> requests, int perSecond, Duration duration,
			int maxInFlight) {
		this.name = name;
		this.requests = requests;
		this.perSecond = perSecond;
		this.duration = duration;
		this.maxInFlight = maxInFlight;
		this.inFlight = new Semaphore(maxInFlight);
		this.executor = Executors.newFixedThreadPool(2, (runnable) -> daemon(runnable, "load-" + name));
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.executor(this.executor)
			.build();
		this.pacer = daemon(this::pace, "pacer-" + name);
	}

	/** A GET of a loopback URL, with optional header name/value pairs. */
	public static HttpRequest get(String url, Duration timeout, String... headers) {
		URI uri = URI.create(url);
		if (!"127.0.0.1".equals(uri.getHost())) {
			throw new IllegalArgumentException("Load goes to 127.0.0.1 only, not " + url);
		}
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).GET();
		if (headers.length > 0) {
			builder.headers(headers);
		}
		return builder.build();
	}

	public FixedRateLoad start() {
		this.startMillis = System.currentTimeMillis();
		this.pacer.start();
		return this;
	}

	private void pace() {
		long periodNanos = TimeUnit.SECONDS.toNanos(1) / this.perSecond;
		long start = System.nanoTime();
		long end = start + this.duration.toNanos();
		long nextProgress = start + TimeUnit.SECONDS.toNanos(5);
		for (long sequence = 0; this.running; sequence++) {
			long due = start + sequence * periodNanos;
			if (due >= end) {
				break;
			}
			long wait = due - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			send(sequence, this.startMillis + TimeUnit.NANOSECONDS.toMillis(due - start), due);
			if (System.nanoTime() > nextProgress) {
				nextProgress += TimeUnit.SECONDS.toNanos(5);
				logger.info("{}: {}", this.name, progress());
			}
		}
		this.running = false;
	}

	private void send(long sequence, long intendedMillis, long dueNanos) {
		if (!this.inFlight.tryAcquire()) {
			record(new Sample(intendedMillis, micros(dueNanos), 0, null, "overload"));
			return;
		}
		HttpRequest request = this.requests.apply(sequence);
		this.client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
			this.inFlight.release();
			if (failure != null) {
				Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
				record(new Sample(intendedMillis, micros(dueNanos), 0, null, cause.getClass().getSimpleName()));
			}
			else {
				String instance = response.headers().firstValue("Junction-Instance").orElse(null);
				record(new Sample(intendedMillis, micros(dueNanos), response.statusCode(), instance, null));
			}
		});
	}

	private static long micros(long dueNanos) {
		return Math.max(0, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - dueNanos));
	}

	private void record(Sample sample) {
		this.samples.add(sample);
		(sample.ok() ? this.ok : this.failed).incrementAndGet();
		this.recorder.recordValue(Math.min(sample.latencyMicros(), TimeUnit.SECONDS.toMicros(60)));
	}

	private String progress() {
		Histogram interval = this.recorder.getIntervalHistogram();
		synchronized (this.total) {
			this.total.add(interval);
		}
		return "%d ok, %d failed; last 5 s: p50 %.1f ms, p99 %.1f ms, max %.1f ms".formatted(this.ok.get(),
				this.failed.get(), interval.getValueAtPercentile(50) / 1000.0,
				interval.getValueAtPercentile(99) / 1000.0, interval.getMaxValue() / 1000.0);
	}

	/** Requests due per second. */
	public int perSecond() {
		return this.perSecond;
	}

	/**
	 * The samples recorded so far of the requests due from {@code fromMillis} (inclusive)
	 * to {@code toMillis} (exclusive), in order of when they were due.
	 */
	public List<Sample> samplesDue(long fromMillis, long toMillis) {
		List<Sample> due = new ArrayList<>();
		for (Sample sample : this.samples) {
			if (sample.intendedMillis() >= fromMillis && sample.intendedMillis() < toMillis) {
				due.add(sample);
			}
		}
		due.sort((a, b) -> Long.compare(a.intendedMillis(), b.intendedMillis()));
		return due;
	}

	/**
	 * Waits until every load has settled, for a scenario whose apps have just started:
	 * the requests due in a window of {@value #SETTLED_WINDOW_SECONDS} s all answered,
	 * none failed and their p99 within the bound. The window ends
	 * {@value #SETTLED_LAG_SECONDS} s before now, so that each of its requests has had
	 * its client timeout to end. Waits at least the minimum and at most the maximum.
	 * @param loads the running loads
	 * @param minimum the shortest warm-up
	 * @param maximum the longest; past it the scenario goes on unsettled
	 * @param p99BoundMillis the p99 a settled window stays within
	 * @return whether they settled, and how long the wait took
	 */
	public static Settling awaitSettled(List<FixedRateLoad> loads, Duration minimum, Duration maximum,
			long p99BoundMillis) {
		long started = System.currentTimeMillis();
		long earliest = started
				+ Math.max(minimum.toMillis(), TimeUnit.SECONDS.toMillis(SETTLED_WINDOW_SECONDS + SETTLED_LAG_SECONDS));
		long latest = started + maximum.toMillis();
		while (true) {
			long now = System.currentTimeMillis();
			if (now >= earliest) {
				List<String> unsettled = new ArrayList<>();
				for (FixedRateLoad load : loads) {
					String why = load.unsettled(now, p99BoundMillis);
					if (why != null) {
						unsettled.add(load.name + ": " + why);
					}
				}
				Settling settling = new Settling(unsettled.isEmpty(), Duration.ofMillis(now - started), p99BoundMillis);
				if (settling.settled()) {
					logger.info("Every load settled after {} s", settling.waited().toSeconds());
					return settling;
				}
				if (now >= latest) {
					logger.warn("Loads not settled after {} s: {}", settling.waited().toSeconds(), unsettled);
					return settling;
				}
			}
			LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
		}
	}

	/**
	 * Why the settling window ending the lag before {@code now} is not settled, or null.
	 */
	private String unsettled(long now, long p99BoundMillis) {
		long to = now - TimeUnit.SECONDS.toMillis(SETTLED_LAG_SECONDS);
		List<Sample> window = samplesDue(to - TimeUnit.SECONDS.toMillis(SETTLED_WINDOW_SECONDS), to);
		long expected = (long) this.perSecond * SETTLED_WINDOW_SECONDS;
		long failed = window.stream().filter((sample) -> !sample.ok()).count();
		double p99 = histogram(window).getValueAtPercentile(99) / 1000.0;
		if (window.size() < expected * 9 / 10 || failed > 0 || p99 > p99BoundMillis) {
			return "%d of %d answered, %d failed, p99 %.1f ms".formatted(window.size(), expected, failed, p99);
		}
		return null;
	}

	/** Whether requests are still being sent. */
	public boolean isRunning() {
		return this.running;
	}

	public long ok() {
		return this.ok.get();
	}

	public long failed() {
		return this.failed.get();
	}

	/**
	 * Stops sending, waits (at most 30 s) for the requests in flight, and returns every
	 * sample, in order of when they were due.
	 */
	public List<Sample> stop() {
		this.running = false;
		try {
			this.pacer.join(TimeUnit.SECONDS.toMillis(30));
			// every permit back means no request is outstanding
			if (this.inFlight.tryAcquire(this.maxInFlight, 30, TimeUnit.SECONDS)) {
				this.inFlight.release(this.maxInFlight);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		List<Sample> all = new ArrayList<>(this.samples);
		all.sort((a, b) -> Long.compare(a.intendedMillis(), b.intendedMillis()));
		logger.info("{}: final {}", this.name, summary(all));
		return all;
	}

	/** Waits until the load has run its whole duration (bounded by it plus 30 s). */
	public List<Sample> awaitEnd() {
		try {
			this.pacer.join(this.duration.toMillis() + TimeUnit.SECONDS.toMillis(30));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return stop();
	}

	/** A one-line summary of samples: counts, latency percentiles, kinds of failure. */
	public static String summary(List<Sample> samples) {
		Histogram histogram = histogram(samples);
		long ok = samples.stream().filter(Sample::ok).count();
		Map<String, Long> failures = new TreeMap<>();
		for (Sample sample : samples) {
			if (!sample.ok()) {
				failures.merge((sample.error() != null) ? sample.error() : "HTTP " + sample.status(), 1L, Long::sum);
			}
		}
		return "%d requests, %d ok, %d failed %s; p50 %.1f ms, p99 %.1f ms, max %.1f ms".formatted(samples.size(), ok,
				samples.size() - ok, failures, histogram.getValueAtPercentile(50) / 1000.0,
				histogram.getValueAtPercentile(99) / 1000.0, histogram.getMaxValue() / 1000.0);
	}

	/** An HdrHistogram of the samples' latencies in microseconds. */
	public static Histogram histogram(List<Sample> samples) {
		Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
		for (Sample sample : samples) {
			histogram.recordValue(Math.min(sample.latencyMicros(), TimeUnit.SECONDS.toMicros(60)));
		}
		return histogram;
	}

	@Override
	public void close() {
		if (this.running) {
			stop();
		}
		this.executor.shutdownNow();
	}

	private static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}

	/**
	 * How {@link #awaitSettled} ended.
	 *
	 * @param settled whether every load settled
	 * @param waited how long the wait took
	 * @param p99BoundMillis the p99 a settled window stayed within
	 */
	public record Settling(boolean settled, Duration waited, long p99BoundMillis) {

		/** The warm-up and its rule, for a figure's notes. */
		public String describe() {
			return "a warm-up of " + this.waited.toSeconds() + " s until every load "
					+ (this.settled ? "settled" : "had its chance to settle (not all did)") + " (a window of "
					+ SETTLED_WINDOW_SECONDS + " s answered, none failed, p99 ≤ " + this.p99BoundMillis + " ms)";
		}

	}

}
