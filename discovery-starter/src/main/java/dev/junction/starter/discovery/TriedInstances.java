/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.starter.discovery;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;

/**
 * The instances the attempts of one call have already gone to, so that a retry goes to
 * another instance while there is one (round robin alone does not promise that: calls
 * running at the same time move its position in between).
 * <p>
 * The starter's retrying clients open a record per call: the blocking client on its
 * thread ({@link #openOnThisThread()}), since Spring Cloud's blocking load balancer does
 * not pass request attributes on; the reactive client as the request attribute
 * {@link #ATTRIBUTE}. {@link TriedInstanceRecorder} adds each chosen instance, and the
 * instance list leaves the recorded ones out.
 */
public final class TriedInstances {

	/** Request attribute holding the record of a reactive call. */
	public static final String ATTRIBUTE = TriedInstances.class.getName();

	/**
	 * Request attribute of a reactive call: an {@code AtomicReference<ServiceInstance>}
	 * set to the instance its current attempt went to, so that the caller can tell
	 * outlier detection about an attempt it cut short (a per-try timeout cancels the
	 * call, and the load balancer's lifecycle hooks never report a cancelled call).
	 */
	public static final String CURRENT_ATTRIBUTE = TriedInstances.class.getName() + ".current";

	private static final ThreadLocal<@Nullable Set<String>> onThread = new ThreadLocal<>();

	private TriedInstances() {
	}

	/** A new, empty record for a request attribute. */
	public static Set<String> newRecord() {
		return ConcurrentHashMap.newKeySet();
	}

	/**
	 * Opens a record for the blocking call this thread is about to make; a call already
	 * recording on this thread keeps its record.
	 * @return what ends it, in a {@code finally} or try-with-resources
	 */
	public static Scope openOnThisThread() {
		if (onThread.get() != null) {
			return () -> {
			};
		}
		onThread.set(newRecord());
		return onThread::remove;
	}

	static void record(@Nullable Request<?> request, @Nullable ServiceInstance instance) {
		Set<String> tried = find(request);
		if (tried != null && instance != null) {
			tried.add(key(instance));
		}
		Map<String, Object> attributes = attributes(request);
		if (instance != null && attributes != null
				&& attributes.get(CURRENT_ATTRIBUTE) instanceof AtomicReference<?> current) {
			@SuppressWarnings("unchecked")
			AtomicReference<ServiceInstance> chosen = (AtomicReference<ServiceInstance>) current;
			chosen.set(instance);
		}
	}

	/**
	 * The instances the call has tried, read when the load balancer asks for the list (on
	 * the caller's thread for blocking calls).
	 */
	static Set<String> of(@Nullable Request<?> request) {
		Set<String> tried = find(request);
		return (tried != null) ? tried : Collections.emptySet();
	}

	static String key(ServiceInstance instance) {
		return instance.getHost() + ":" + instance.getPort();
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Set<String> find(@Nullable Request<?> request) {
		Map<String, Object> attributes = attributes(request);
		if (attributes != null && attributes.get(ATTRIBUTE) instanceof Set<?> tried) {
			return (Set<String>) tried;
		}
		return onThread.get();
	}

	private static @Nullable Map<String, Object> attributes(@Nullable Request<?> request) {
		Object context = (request != null) ? request.getContext() : null;
		if (context instanceof RequestDataContext dataContext) {
			RequestData data = dataContext.getClientRequest();
			return (data != null) ? data.getAttributes() : null;
		}
		return null;
	}

	/** The end of a record opened on a thread. */
	@FunctionalInterface
	public interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
