/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;

/**
 * Leaves out, for a short and growing time, an instance a call could not connect to. It
 * covers the second or so between an instance dying and Consul's check noticing, and an
 * instance that is registered and passing but not reachable from this consumer.
 * <p>
 * Fed by Spring Cloud LoadBalancer's {@link LoadBalancerLifecycle} callbacks, which the
 * blocking and reactive load-balanced clients (and the gateway's load-balancer filter)
 * call with the chosen instance and the outcome. The first failed connect ejects for
 * {@code junction.discovery.ejection-base}, each further one (after readmission) for
 * twice as long up to {@code junction.discovery.ejection-max}; a successful call resets
 * it. Failures of calls still in flight while an instance is ejected do not lengthen it.
 */
public class ConnectFailureEjector implements LoadBalancerLifecycle<Object, Object, ServiceInstance> {

	private final ConcurrentMap<String, Ejection> ejections = new ConcurrentHashMap<>();

	private final long baseNanos;

	private final long maxNanos;

	private final LongSupplier nanoClock;

	public ConnectFailureEjector(Duration base, Duration max) {
		this(base, max, System::nanoTime);
	}

	ConnectFailureEjector(Duration base, Duration max, LongSupplier nanoClock) {
		this.baseNanos = base.toNanos();
		this.maxNanos = max.toNanos();
		this.nanoClock = nanoClock;
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
		if (instance == null) {
			return;
		}
		if (completionContext.status() == CompletionContext.Status.FAILED
				&& isConnectFailure(completionContext.getThrowable())) {
			eject(instance);
		}
		else if (completionContext.status() == CompletionContext.Status.SUCCESS) {
			this.ejections.remove(key(instance));
		}
	}

	/**
	 * Whether the instance is currently left out.
	 * @param instance the instance
	 * @return {@code true} while its ejection lasts
	 */
	public boolean isEjected(ServiceInstance instance) {
		Ejection ejection = this.ejections.get(key(instance));
		return ejection != null && this.nanoClock.getAsLong() - ejection.until() < 0;
	}

	/**
	 * The instances that are not ejected, or all of them when every one is: trying one is
	 * better than failing for sure. The one rule for "instances minus the ejected ones",
	 * for the load balancer's list and for anything that asks what the load balancer will
	 * see (the gateway's version availability).
	 * @param instances the passing instances
	 * @return those to call
	 */
	public List<ServiceInstance> withoutEjected(List<ServiceInstance> instances) {
		List<ServiceInstance> reachable = new ArrayList<>(instances.size());
		for (ServiceInstance instance : instances) {
			if (!isEjected(instance)) {
				reachable.add(instance);
			}
		}
		return reachable.isEmpty() ? instances : reachable;
	}

	void eject(ServiceInstance instance) {
		long now = this.nanoClock.getAsLong();
		this.ejections.compute(key(instance), (key, previous) -> {
			if (previous != null && now - previous.until() < 0) {
				return previous;
			}
			int failures = (previous != null) ? previous.failures() + 1 : 1;
			long duration = this.baseNanos << Math.min(failures - 1, 20);
			if (duration <= 0 || duration > this.maxNanos) {
				duration = this.maxNanos;
			}
			return new Ejection(failures, now + duration);
		});
	}

	static boolean isConnectFailure(@Nullable Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
					|| cause instanceof UnknownHostException || cause instanceof HttpConnectTimeoutException) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	private static String key(ServiceInstance instance) {
		return instance.getServiceId() + "@" + instance.getHost() + ":" + instance.getPort();
	}

	private record Ejection(int failures, long until) {
	}

}
