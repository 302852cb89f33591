/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import dev.junction.starter.JunctionHeaders;
import dev.junction.starter.JunctionMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.ResponseData;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Leaves out, for a growing time, an instance whose calls fail where the other instances'
 * do not: the one outlier detection shared by the load-balanced clients and the gateway.
 * <p>
 * Fed by Spring Cloud LoadBalancer's {@link LoadBalancerLifecycle#onComplete} with every
 * call's outcome: the blocking client and the reactive exchange filter report an answer
 * as a success carrying {@link ResponseData} (so a 5xx answer is seen with its status and
 * headers), the gateway's load-balancer filter reports its exchange's response the same
 * way, and all of them report an I/O error or a timeout as a failure. The rules, per
 * instance (Envoy's outlier detection, scaled to a few instances):
 * <ul>
 * <li>a refused connection ejects at once;</li>
 * <li>{@code consecutive-gateway-failures} gateway failures in a row (connect failure,
 * reset, timeout, 502, 503, 504) eject, and so do {@code consecutive-5xx} 5xx answers in
 * a row; a success resets both counts;</li>
 * <li>per {@code success-rate.interval}, among the instances of one version with at least
 * {@code request-volume} calls, when there are {@code minimum-hosts} of them, one whose
 * success rate is below {@code mean - stdev-factor x spread} is ejected, the spread being
 * the larger of the rates' standard deviation and the one chance alone gives at that
 * volume (so one unlucky failure in 20 calls ejects nobody);</li>
 * <li>an answer marked as load shedding ({@value JunctionHeaders#LOAD_SHED}) counts
 * neither way.</li>
 * </ul>
 * An ejection lasts {@code base-ejection-time} times the number of times the instance was
 * ejected, at most {@code max-ejection-time}; an instance that stays in for a whole
 * {@code max-ejection-time} has that number lowered by one. A readmitted instance is on
 * probation until its first success: one failure ejects it again, for longer. At most
 * {@code max-ejection-percent} of a service's known instances are out at once, but one
 * always may be when it has two or more; when all the instances of a list are out anyway
 * (instances left the passing list), all are used. An instance that leaves Consul's
 * passing list is forgotten, so it comes back with a clean record.
 */
public class OutlierDetector implements LoadBalancerLifecycle<Object, Object, ServiceInstance>, MeterBinder {

	private static final Log logger = LogFactory.getLog(OutlierDetector.class);

	private final ConcurrentMap<String, ServiceRecord> services = new ConcurrentHashMap<>();

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	private final OutlierDetectionProperties settings;

	private final LongSupplier nanoClock;

	private final Clock clock;

	private final long baseNanos;

	private final long maxNanos;

	private final long intervalNanos;

	public OutlierDetector(OutlierDetectionProperties settings) {
		this(settings, System::nanoTime, Clock.systemUTC());
	}

	OutlierDetector(OutlierDetectionProperties settings, LongSupplier nanoClock, Clock clock) {
		settings.validate();
		this.settings = settings;
		this.nanoClock = nanoClock;
		this.clock = clock;
		this.baseNanos = settings.getBaseEjectionTime().toNanos();
		this.maxNanos = settings.getMaxEjectionTime().toNanos();
		this.intervalNanos = settings.getSuccessRate().getInterval().toNanos();
	}

	@Override
	public void onStart(Request<Object> request) {
	}

	@Override
	public void onStartRequest(Request<Object> request, Response<ServiceInstance> lbResponse) {
	}

	@Override
	public void onComplete(CompletionContext<Object, ServiceInstance, Object> completionContext) {
		Response<ServiceInstance> response = completionContext.getLoadBalancerResponse();
		ServiceInstance instance = (response != null) ? response.getServer() : null;
		if (instance == null || !this.settings.isEnabled()) {
			return;
		}
		Outcome outcome = outcomeOf(completionContext);
		if (outcome != Outcome.IGNORED) {
			service(instance.getServiceId()).record(instance, outcome, this.nanoClock.getAsLong());
		}
	}

	/**
	 * Whether the instance is currently left out.
	 * @param instance the instance
	 * @return {@code true} while its ejection lasts
	 */
	public boolean isEjected(ServiceInstance instance) {
		ServiceRecord service = this.services.get(instance.getServiceId());
		return service != null && service.isEjected(instance, this.nanoClock.getAsLong());
	}

	/**
	 * The instances that are not ejected, or all of them when every one is: trying one is
	 * better than failing for sure. The one rule for "instances minus the ejected ones",
	 * for the load balancer's list and for anything that asks what the load balancer will
	 * see (the gateway's version availability).
	 * @param instances the passing instances of one service
	 * @return those to call
	 */
	public List<ServiceInstance> withoutEjected(List<ServiceInstance> instances) {
		if (instances.isEmpty()) {
			return instances;
		}
		ServiceRecord service = service(instances.get(0).getServiceId());
		// the list is what max-ejection-percent counts, also where no watch reports it
		service.listed(instances.size());
		if (!service.anyEjected()) {
			return instances;
		}
		long now = this.nanoClock.getAsLong();
		List<ServiceInstance> reachable = new ArrayList<>(instances.size());
		for (ServiceInstance instance : instances) {
			if (!service.isEjected(instance, now)) {
				reachable.add(instance);
			}
		}
		return reachable.isEmpty() ? instances : reachable;
	}

	/**
	 * Consul's passing list of a service changed: instances no longer in it are forgotten
	 * (ejection and counts), so an instance that went critical and came back starts with
	 * a clean record, and the list's size is what {@code max-ejection-percent} counts.
	 * @param serviceId the service
	 * @param passing its passing instances
	 */
	public void passingChanged(String serviceId, List<ServiceInstance> passing) {
		service(serviceId).passingChanged(passing, this.nanoClock.getAsLong());
	}

	/**
	 * The instances currently ejected, per service.
	 * @return service name to its ejected instances
	 */
	public Map<String, List<Ejected>> ejected() {
		long now = this.nanoClock.getAsLong();
		Map<String, List<Ejected>> result = new TreeMap<>();
		this.services.forEach((serviceId, service) -> {
			List<Ejected> ejected = service.ejected(now);
			if (!ejected.isEmpty()) {
				result.put(serviceId, ejected);
			}
		});
		return result;
	}

	/**
	 * Publishes {@code junction.outlier.ejected} (a gauge per service) and
	 * {@code junction.outlier.ejections} (a counter per service and reason).
	 */
	@Override
	public void bindTo(MeterRegistry registry) {
		this.registries.add(registry);
		this.services.values().forEach((service) -> service.register(registry));
	}

	private ServiceRecord service(String serviceId) {
		ServiceRecord service = this.services.get(serviceId);
		if (service != null) {
			return service;
		}
		return this.services.computeIfAbsent(serviceId, (id) -> {
			ServiceRecord created = new ServiceRecord(id);
			this.registries.forEach(created::register);
			return created;
		});
	}

	static Outcome outcomeOf(CompletionContext<?, ?, ?> context) {
		if (context.status() == CompletionContext.Status.FAILED) {
			Throwable failure = context.getThrowable();
			if (isConnectFailure(failure)) {
				return Outcome.CONNECT_FAILURE;
			}
			return isTransportFailure(failure) ? Outcome.GATEWAY_FAILURE : Outcome.IGNORED;
		}
		if (context.status() != CompletionContext.Status.SUCCESS) {
			return Outcome.IGNORED;
		}
		Object clientResponse = context.getClientResponse();
		HttpStatusCode status = null;
		HttpHeaders headers = null;
		if (clientResponse instanceof ResponseData data) {
			status = data.getHttpStatus();
			headers = data.getHeaders();
		}
		else if (clientResponse instanceof ClientHttpResponse response) {
			try {
				status = response.getStatusCode();
				headers = response.getHeaders();
			}
			catch (IOException ex) {
				return Outcome.IGNORED;
			}
		}
		if (headers != null && "true".equalsIgnoreCase(headers.getFirst(JunctionHeaders.LOAD_SHED))) {
			return Outcome.IGNORED;
		}
		if (status == null || !status.is5xxServerError()) {
			return Outcome.SUCCESS;
		}
		int code = status.value();
		return (code == 502 || code == 503 || code == 504) ? Outcome.GATEWAY_FAILURE : Outcome.SERVER_ERROR;
	}

	static boolean isConnectFailure(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
					|| cause instanceof UnknownHostException || cause instanceof HttpConnectTimeoutException) {
				return true;
			}
		}
		return false;
	}

	/** An I/O error (reset, premature close) or a timeout, however wrapped. */
	static boolean isTransportFailure(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause instanceof IOException || cause instanceof TimeoutException
					|| cause.getClass().getSimpleName().endsWith("TimeoutException")) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable Throwable next(Throwable cause) {
		Throwable next = cause.getCause();
		return (next != cause) ? next : null;
	}

	private static String hostPort(ServiceInstance instance) {
		return instance.getHost() + ":" + instance.getPort();
	}

	/** What one call says about the instance that answered it. */
	enum Outcome {

		SUCCESS, CONNECT_FAILURE, GATEWAY_FAILURE, SERVER_ERROR, IGNORED

	}

	/**
	 * Why an instance was ejected, as the metrics' {@code reason} tag and the endpoint
	 * show it.
	 */
	public enum Reason {

		CONNECT_FAILURE, CONSECUTIVE_GATEWAY_FAILURES, CONSECUTIVE_5XX, SUCCESS_RATE;

		/**
		 * The reason as the metrics and the endpoint name it.
		 * @return e.g. {@code consecutive-5xx}
		 */
		public String tag() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

	/**
	 * An instance currently left out.
	 *
	 * @param instance its host and port
	 * @param instanceId its id in the registry
	 * @param version its version metadata, if any
	 * @param reason why it was ejected
	 * @param ejections how many times it was ejected
	 * @param until when it is readmitted
	 */
	public record Ejected(String instance, String instanceId, @Nullable String version, String reason, int ejections,
			Instant until) {
	}

	/** One instance's counts and ejection; guarded by its service's lock. */
	private static final class InstanceRecord {

		private final String hostPort;

		private final String instanceId;

		private final @Nullable String version;

		private int gatewayFailures;

		private int serverErrors;

		private int requests;

		private int successes;

		private int ejections;

		private boolean ejected;

		private long until;

		private long readmittedAt;

		private boolean probation;

		private Reason reason = Reason.CONNECT_FAILURE;

		InstanceRecord(ServiceInstance instance) {
			this.hostPort = hostPort(instance);
			this.instanceId = String.valueOf(instance.getInstanceId());
			this.version = instance.getMetadata().get(JunctionMetadata.VERSION);
		}

	}

	/** The records of one service's instances. */
	private final class ServiceRecord {

		private final String serviceId;

		private final Map<String, InstanceRecord> instances = new HashMap<>();

		private volatile int passing;

		private long intervalStart;

		/**
		 * How many of its instances are ejected, kept beside the records so that the
		 * request path reads it without the lock: while it is 0, nothing is left out.
		 */
		private volatile int ejectedNow;

		ServiceRecord(String serviceId) {
			this.serviceId = serviceId;
			this.intervalStart = OutlierDetector.this.nanoClock.getAsLong();
		}

		void register(MeterRegistry registry) {
			Gauge.builder("junction.outlier.ejected", this, (service) -> service.ejectedCount())
				.description("Instances of the service currently left out by outlier detection")
				.tag("service", this.serviceId)
				.strongReference(true)
				.register(registry);
		}

		synchronized void record(ServiceInstance instance, Outcome outcome, long now) {
			refresh(now);
			InstanceRecord record = this.instances.computeIfAbsent(hostPort(instance),
					(key) -> new InstanceRecord(instance));
			if (record.ejected) {
				// calls in flight at its ejection change nothing
				return;
			}
			OutlierDetectionProperties settings = OutlierDetector.this.settings;
			record.requests++;
			if (outcome == Outcome.SUCCESS) {
				record.successes++;
				record.gatewayFailures = 0;
				record.serverErrors = 0;
				record.probation = false;
				return;
			}
			record.serverErrors++;
			record.gatewayFailures = (outcome == Outcome.SERVER_ERROR) ? 0 : record.gatewayFailures + 1;
			if (outcome == Outcome.CONNECT_FAILURE) {
				eject(record, Reason.CONNECT_FAILURE, now);
			}
			else if (outcome == Outcome.GATEWAY_FAILURE
					&& reached(record.gatewayFailures, settings.getConsecutiveGatewayFailures(), record.probation)) {
				eject(record, Reason.CONSECUTIVE_GATEWAY_FAILURES, now);
			}
			else if (reached(record.serverErrors, settings.getConsecutive5xx(), record.probation)) {
				eject(record, Reason.CONSECUTIVE_5XX, now);
			}
		}

		private static boolean reached(int count, int threshold, boolean probation) {
			return threshold > 0 && (count >= threshold || probation);
		}

		/**
		 * Whether any instance may be ejected (without the lock: a hint, exact when 0).
		 */
		boolean anyEjected() {
			return this.ejectedNow > 0;
		}

		synchronized boolean isEjected(ServiceInstance instance, long now) {
			refresh(now);
			InstanceRecord record = this.instances.get(hostPort(instance));
			return record != null && record.ejected;
		}

		synchronized void passingChanged(List<ServiceInstance> passing, long now) {
			this.passing = passing.size();
			Set<String> keys = new HashSet<>();
			passing.forEach((instance) -> keys.add(hostPort(instance)));
			for (Iterator<InstanceRecord> records = this.instances.values().iterator(); records.hasNext();) {
				InstanceRecord record = records.next();
				if (!keys.contains(record.hostPort)) {
					records.remove();
					if (record.ejected) {
						this.ejectedNow--;
						logger.info("Forgot the ejection of " + this.serviceId + " instance " + record.hostPort
								+ ": it left the passing list and starts afresh when it is back");
					}
				}
			}
			refresh(now);
		}

		void listed(int count) {
			this.passing = count;
		}

		synchronized int ejectedCount() {
			refresh(OutlierDetector.this.nanoClock.getAsLong());
			int count = 0;
			for (InstanceRecord record : this.instances.values()) {
				if (record.ejected) {
					count++;
				}
			}
			return count;
		}

		synchronized List<Ejected> ejected(long now) {
			refresh(now);
			Instant wallNow = OutlierDetector.this.clock.instant();
			List<Ejected> result = new ArrayList<>();
			for (InstanceRecord record : this.instances.values()) {
				if (record.ejected) {
					result.add(new Ejected(record.hostPort, record.instanceId, record.version, record.reason.tag(),
							record.ejections, wallNow.plusNanos(record.until - now)));
				}
			}
			result.sort(Comparator.comparing(Ejected::instance));
			return result;
		}

		/** Readmits instances whose time is over and closes a success-rate interval. */
		private void refresh(long now) {
			for (InstanceRecord record : this.instances.values()) {
				if (record.ejected && now - record.until >= 0) {
					record.ejected = false;
					this.ejectedNow--;
					record.probation = true;
					record.readmittedAt = now;
					record.requests = 0;
					record.successes = 0;
					logger.info("Readmitted " + this.serviceId + " instance " + record.hostPort
							+ " after its ejection (" + record.reason.tag() + ")");
				}
			}
			if (now - this.intervalStart >= OutlierDetector.this.intervalNanos) {
				this.intervalStart = now;
				if (OutlierDetector.this.settings.getSuccessRate().isEnabled()) {
					compareSuccessRates(now);
				}
				for (InstanceRecord record : this.instances.values()) {
					record.requests = 0;
					record.successes = 0;
				}
			}
		}

		private void compareSuccessRates(long now) {
			OutlierDetectionProperties.SuccessRate rule = OutlierDetector.this.settings.getSuccessRate();
			Map<String, List<InstanceRecord>> byVersion = new HashMap<>();
			for (InstanceRecord record : this.instances.values()) {
				if (!record.ejected && record.requests >= rule.getRequestVolume()) {
					byVersion.computeIfAbsent(String.valueOf(record.version), (version) -> new ArrayList<>())
						.add(record);
				}
			}
			for (List<InstanceRecord> peers : byVersion.values()) {
				if (peers.size() < rule.getMinimumHosts()) {
					continue;
				}
				double mean = 0;
				for (InstanceRecord record : peers) {
					mean += rate(record);
				}
				mean /= peers.size();
				double variance = 0;
				for (InstanceRecord record : peers) {
					variance += (rate(record) - mean) * (rate(record) - mean);
				}
				double stdev = Math.sqrt(variance / peers.size());
				peers.sort(Comparator.comparingDouble(ServiceRecord::rate));
				for (InstanceRecord record : peers) {
					double chance = Math.sqrt(mean * (1 - mean) / record.requests);
					if (rate(record) < mean - rule.getStdevFactor() * Math.max(stdev, chance)) {
						eject(record, Reason.SUCCESS_RATE, now);
					}
				}
			}
		}

		private static double rate(InstanceRecord record) {
			return (double) record.successes / record.requests;
		}

		private void eject(InstanceRecord record, Reason reason, long now) {
			int known = Math.max(this.passing, this.instances.size());
			int allowed = (known < 2) ? 0
					: Math.max(1, known * OutlierDetector.this.settings.getMaxEjectionPercent() / 100);
			int out = 0;
			for (InstanceRecord other : this.instances.values()) {
				if (other.ejected) {
					out++;
				}
			}
			if (out >= allowed) {
				if (logger.isDebugEnabled()) {
					logger.debug("Not ejecting " + this.serviceId + " instance " + record.hostPort + " (" + reason.tag()
							+ "): " + out + " of " + known + " instance(s) are out already");
				}
				return;
			}
			long maxNanos = OutlierDetector.this.maxNanos;
			if (record.ejections > 0 && record.readmittedAt != 0) {
				// one step back for every longest ejection time it stayed in
				long quiet = (now - record.readmittedAt) / maxNanos;
				record.ejections = (int) Math.max(0, record.ejections - quiet);
			}
			record.ejections++;
			long duration = OutlierDetector.this.baseNanos * record.ejections;
			if (duration <= 0 || duration > maxNanos || record.ejections > maxNanos / OutlierDetector.this.baseNanos) {
				duration = maxNanos;
			}
			record.ejected = true;
			this.ejectedNow++;
			record.until = now + duration;
			record.reason = reason;
			record.probation = false;
			record.gatewayFailures = 0;
			record.serverErrors = 0;
			Instant until = OutlierDetector.this.clock.instant().plusNanos(duration).truncatedTo(ChronoUnit.MILLIS);
			logger.info("Ejected " + this.serviceId + " instance " + record.hostPort + " (" + reason.tag()
					+ ", ejection " + record.ejections + ") for " + Duration.ofNanos(duration) + ", until " + until);
			for (MeterRegistry registry : OutlierDetector.this.registries) {
				Counter.builder("junction.outlier.ejections")
					.description("Instances left out by outlier detection")
					.tag("service", this.serviceId)
					.tag("reason", reason.tag())
					.register(registry)
					.increment();
			}
		}

	}

}
