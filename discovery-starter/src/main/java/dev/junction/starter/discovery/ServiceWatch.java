package dev.junction.starter.discovery;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.consul.discovery.ConsulServiceInstance;
import org.springframework.cloud.consul.model.http.health.HealthService;

/**
 * One service's passing instances, kept current by a chain of Consul blocking queries on
 * {@code /v1/health/service/<name>?passing}. The health endpoint is watched rather than
 * the catalog because the catalog's index does not move when a check changes state.
 * <p>
 * The chain is asynchronous (JDK {@link HttpClient#sendAsync}): a watch holds no thread
 * while Consul holds its query. When Consul cannot be reached the last known list is kept
 * and the watch retries with a growing delay, so a Consul outage does not empty the
 * consumers' lists.
 */
final class ServiceWatch {

	private static final Log logger = LogFactory.getLog(ServiceWatch.class);

	private static final TypeReference<List<HealthService>> HEALTH_SERVICES = new TypeReference<>() {
	};

	private static final Duration MAX_ERROR_DELAY = Duration.ofSeconds(10);

	private static final Duration EARLY_ANSWER = Duration.ofMillis(500);

	private final String serviceId;

	private final HealthQuery query;

	private final HttpClient http;

	private final JsonMapper json;

	private final CompletableFuture<Void> firstAnswer = new CompletableFuture<>();

	private volatile List<ServiceInstance> instances = List.of();

	private volatile long index;

	private volatile boolean synced;

	private volatile boolean stopped;

	private volatile @Nullable CompletableFuture<?> inFlight;

	private int failures;

	ServiceWatch(String serviceId, HealthQuery query, HttpClient http, JsonMapper json) {
		this.serviceId = serviceId;
		this.query = query;
		this.http = http;
		this.json = json;
	}

	void start() {
		poll();
	}

	void stop() {
		this.stopped = true;
		CompletableFuture<?> request = this.inFlight;
		if (request != null) {
			request.cancel(true);
		}
		this.firstAnswer.complete(null);
	}

	/**
	 * The current list, once Consul answered for the first time (or failed to, or the
	 * wait ran out).
	 * @param initialWait how long to wait for the first answer
	 * @return the passing instances
	 */
	Mono<List<ServiceInstance>> instances(Duration initialWait) {
		if (this.firstAnswer.isDone()) {
			return Mono.fromSupplier(() -> this.instances);
		}
		return Mono.fromFuture(this.firstAnswer, true)
			.timeout(initialWait, Mono.empty())
			.then(Mono.fromSupplier(() -> this.instances));
	}

	List<ServiceInstance> currentInstances() {
		return this.instances;
	}

	/**
	 * Whether Consul has answered successfully at least once (an answer that failed or a
	 * first wait that ran out do not count).
	 */
	boolean synced() {
		return this.synced;
	}

	private void poll() {
		if (this.stopped) {
			return;
		}
		long requested = this.index;
		long started = System.nanoTime();
		try {
			this.inFlight = this.http
				.sendAsync(this.query.request(this.serviceId, requested), HttpResponse.BodyHandlers.ofByteArray())
				.whenComplete((response, failure) -> answered(requested, started, response, failure));
		}
		catch (RuntimeException ex) {
			answered(requested, started, null, ex);
		}
	}

	private void answered(long requested, long started, @Nullable HttpResponse<byte[]> response,
			@Nullable Throwable failure) {
		if (this.stopped) {
			return;
		}
		Duration delay = Duration.ZERO;
		try {
			if (failure != null) {
				throw failure;
			}
			if (response == null || response.statusCode() != 200) {
				throw new IllegalStateException("Consul answered " + ((response != null) ? response.statusCode() : "")
						+ " for the health of '" + this.serviceId + "'"
						+ ((response != null) ? ": " + new String(response.body()) : ""));
			}
			long answered = response.headers().firstValueAsLong("X-Consul-Index").orElse(0);
			this.instances = toInstances(this.json.readValue(response.body(), HEALTH_SERVICES));
			this.index = nextIndex(requested, answered);
			this.synced = true;
			this.failures = 0;
			boolean early = Duration.ofNanos(System.nanoTime() - started).compareTo(EARLY_ANSWER) < 0;
			if (requested > 0 && answered == requested && early) {
				// an unchanged answer long before the wait ran out: do not spin
				delay = Duration.ofSeconds(1);
			}
		}
		catch (Throwable ex) {
			this.failures++;
			delay = errorDelay(this.failures);
			if (this.failures == 1) {
				logger.warn("Cannot watch the instances of '" + this.serviceId + "' in Consul (" + ex
						+ "); keeping the last known " + this.instances.size()
						+ " instance(s) and retrying. Check spring.cloud.consul.host/port.");
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Watch of '" + this.serviceId + "' failed again (" + this.failures + ")", ex);
			}
		}
		this.firstAnswer.complete(null);
		if (delay.isZero()) {
			poll();
		}
		else {
			CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS).execute(this::poll);
		}
	}

	private List<ServiceInstance> toInstances(@Nullable List<HealthService> services) {
		if (services == null) {
			return List.of();
		}
		List<ServiceInstance> result = new ArrayList<>(services.size());
		for (HealthService service : services) {
			if (service.getService() != null) {
				result.add(new ConsulServiceInstance(service, this.serviceId));
			}
		}
		return List.copyOf(result);
	}

	/**
	 * Consul's rules for the next index: start over when it went backwards (a restarted
	 * agent or snapshot restore), never use one below 1.
	 */
	private static long nextIndex(long requested, long answered) {
		if (answered < requested) {
			return 0;
		}
		return Math.max(answered, 1);
	}

	private static Duration errorDelay(int failures) {
		Duration delay = Duration.ofMillis(500L << Math.min(failures - 1, 5));
		return (delay.compareTo(MAX_ERROR_DELAY) > 0) ? MAX_ERROR_DELAY : delay;
	}

}
