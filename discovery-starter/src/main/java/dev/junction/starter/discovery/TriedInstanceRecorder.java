/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;

/**
 * Adds the instance the load balancer chose for an attempt to the call's
 * {@link TriedInstances} record, when the call keeps one.
 */
public class TriedInstanceRecorder implements LoadBalancerLifecycle<Object, Object, ServiceInstance> {

	@Override
	public void onStart(Request<Object> request) {
	}

	@Override
	public void onStartRequest(Request<Object> request, Response<ServiceInstance> lbResponse) {
		TriedInstances.record(request, (lbResponse != null) ? lbResponse.getServer() : null);
	}

	@Override
	public void onComplete(CompletionContext<Object, ServiceInstance, Object> completionContext) {
	}

}
