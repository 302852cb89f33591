/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One kustomize overlay as {@code kubectl kustomize} (Debian's kubectl 1.20, kustomize
 * v2) renders it.
 */
final class Manifests {

	static final List<String> OVERLAYS = List.of("dev", "prod");

	private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet");

	private static final Set<String> APP_COMPONENTS = Set.of("gateway", "service");

	private static final Map<String, Manifests> RENDERED = new LinkedHashMap<>();

	private final String overlay;

	private final List<Map<String, Object>> documents;

	private Manifests(String overlay, List<Map<String, Object>> documents) {
		this.overlay = overlay;
		this.documents = documents;
	}

	static synchronized Manifests of(String overlay) {
		return RENDERED.computeIfAbsent(overlay, (name) -> new Manifests(name,
				Yaml.documents(Tool.KUBECTL.run(Map.of(), "kustomize", "k8s/" + name).successfulOutput())));
	}

	String overlay() {
		return this.overlay;
	}

	List<Map<String, Object>> all() {
		return this.documents;
	}

	List<Map<String, Object>> ofKind(String kind) {
		return this.documents.stream().filter((document) -> kind.equals(document.get("kind"))).toList();
	}

	Map<String, Object> named(String kind, String name) {
		return ofKind(kind).stream()
			.filter((document) -> name.equals(name(document)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + kind + " " + name + " in k8s/" + this.overlay));
	}

	/** Deployments, StatefulSets and DaemonSets. */
	List<Map<String, Object>> workloads() {
		return this.documents.stream().filter((document) -> WORKLOAD_KINDS.contains(document.get("kind"))).toList();
	}

	/** The workloads running a Junction app (the gateway and the services). */
	List<Map<String, Object>> apps() {
		return workloads().stream().filter((workload) -> APP_COMPONENTS.contains(component(workload))).toList();
	}

	static String name(Map<String, Object> document) {
		return Yaml.stringAt(document, "metadata", "name");
	}

	static String component(Map<String, Object> workload) {
		return Yaml.stringAt(podLabels(workload), "app.kubernetes.io/component");
	}

	static Map<String, Object> podSpec(Map<String, Object> workload) {
		return Yaml.mapAt(workload, "spec", "template", "spec");
	}

	static Map<String, Object> podLabels(Map<String, Object> workload) {
		return Yaml.mapAt(workload, "spec", "template", "metadata", "labels");
	}

	static List<Map<String, Object>> containers(Map<String, Object> workload) {
		List<Map<String, Object>> containers = new ArrayList<>();
		Yaml.listAt(podSpec(workload), "initContainers").forEach((c) -> containers.add(Yaml.map(c)));
		Yaml.listAt(podSpec(workload), "containers").forEach((c) -> containers.add(Yaml.map(c)));
		return containers;
	}

	/** The one container of a Junction app's pod. */
	static Map<String, Object> appContainer(Map<String, Object> workload) {
		return Yaml.map(Yaml.listAt(podSpec(workload), "containers").get(0));
	}

	/** A container's env entries by name. */
	static Map<String, Map<String, Object>> env(Map<String, Object> container) {
		Map<String, Map<String, Object>> env = new LinkedHashMap<>();
		Yaml.listAt(container, "env").forEach((entry) -> env.put(Yaml.stringAt(entry, "name"), Yaml.map(entry)));
		return env;
	}

	/** The plain values of a container's env entries (those without valueFrom). */
	static Map<String, String> envValues(Map<String, Object> container) {
		Map<String, String> values = new LinkedHashMap<>();
		env(container).forEach((name, entry) -> {
			if (entry.containsKey("value")) {
				values.put(name, String.valueOf(entry.get("value")));
			}
		});
		return values;
	}

	/** The container port a probe or Service names, by name or number. */
	static int containerPort(Map<String, Object> container, Object port) {
		if (port instanceof Integer number) {
			return number;
		}
		return Yaml.listAt(container, "ports")
			.stream()
			.filter((p) -> String.valueOf(port).equals(Yaml.stringAt(p, "name")))
			.map((p) -> (Integer) Yaml.at(p, "containerPort"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No port named " + port + " in " + container.get("name")));
	}

}
