/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway.console;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

import dev.junction.gateway.policy.RoutedServices;
import dev.junction.gateway.policy.TrafficPolicies;
import dev.junction.gateway.policy.TrafficPolicy;
import dev.junction.gateway.rollout.ConsulKv;
import dev.junction.gateway.rollout.EdgeTrafficFigures;
import dev.junction.gateway.rollout.RolloutProperties;
import dev.junction.gateway.rollout.RolloutSpec;
import dev.junction.gateway.rollout.VersionFigures;
import dev.junction.starter.JunctionMetadata;
import dev.junction.starter.consul.ConsulBlockingQueries;
import dev.junction.starter.discovery.ConsulHealthWatcher;
import dev.junction.starter.discovery.OutlierDetector;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The console's small JSON API: {@code GET /junction/api/state} (every routed service:
 * its passing instances, the policy in force, live figures per version over the last
 * seconds, and its rollout's status), and, only with
 * {@code junction.console.actions-enabled=true}, {@code POST
 * /junction/api/rollouts/<service>} (a spec: starts a rollout) and {@code POST
 * /junction/api/rollouts/<service>/actions/<action>}. A write needs the header
 * {@value #CONSOLE_HEADER} (which a cross-site form cannot send) and, when the browser
 * sends an {@code Origin}, the console's own.
 */
class ConsoleApi {

	static final String CONSOLE_HEADER = "X-Junction-Console";

	private static final Duration WINDOW = Duration.ofSeconds(5);

	private final RouteLocator routes;

	private final TrafficPolicies policies;

	private final @Nullable ConsulHealthWatcher instances;

	private final @Nullable EdgeTrafficFigures figures;

	private final @Nullable OutlierDetector outliers;

	private final ConsulKv consul;

	private final RolloutProperties rollouts;

	private final ConsoleProperties properties;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Clock clock;

	ConsoleApi(RouteLocator routes, TrafficPolicies policies, @Nullable ConsulHealthWatcher instances,
			@Nullable EdgeTrafficFigures figures, @Nullable OutlierDetector outliers, ConsulBlockingQueries queries,
			RolloutProperties rollouts, ConsoleProperties properties, Clock clock) {
		this.routes = routes;
		this.policies = policies;
		this.instances = instances;
		this.figures = figures;
		this.outliers = outliers;
		this.consul = new ConsulKv(queries.baseUrl(), queries.token(), this.json);
		this.rollouts = rollouts;
		this.properties = properties;
		this.clock = clock;
	}

	Mono<ServerResponse> state(ServerRequest request) {
		return RoutedServices.of(this.routes)
			.flatMapMany(Flux::fromIterable)
			.concatMap(this::service)
			.collectList()
			.publishOn(Schedulers.boundedElastic())
			.map((services) -> {
				ObjectNode root = this.json.createObjectNode();
				root.put("actionsEnabled", this.properties.isActionsEnabled());
				root.put("at", this.clock.instant().toString());
				ArrayNode list = root.putArray("services");
				services.forEach(list::add);
				return root;
			})
			.flatMap((root) -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.header("Cache-Control", "no-store")
				.bodyValue(this.json.writeValueAsString(root)));
	}

	private Mono<ObjectNode> service(String name) {
		Mono<List<ServiceInstance>> passing = (this.instances != null) ? this.instances.instances(name)
				: Mono.just(List.of());
		return passing.onErrorReturn(List.of())
			.publishOn(Schedulers.boundedElastic())
			.map((list) -> describe(name, list));
	}

	private ObjectNode describe(String name, List<ServiceInstance> passing) {
		ObjectNode service = this.json.createObjectNode();
		service.put("name", name);
		TreeSet<String> versions = new TreeSet<>();
		Map<String, OutlierDetector.Ejected> ejected = new HashMap<>();
		if (this.outliers != null) {
			for (OutlierDetector.Ejected out : this.outliers.ejected().getOrDefault(name, List.of())) {
				ejected.put(out.instance(), out);
			}
		}
		ArrayNode instances = service.putArray("instances");
		for (ServiceInstance instance : passing) {
			ObjectNode node = instances.addObject();
			String version = instance.getMetadata().getOrDefault(JunctionMetadata.VERSION, "unknown");
			versions.add(version);
			node.put("id", instance.getInstanceId());
			node.put("address", instance.getHost() + ":" + instance.getPort());
			node.put("version", version);
			node.put("zone", instance.getMetadata().getOrDefault(JunctionMetadata.ZONE, "default"));
			node.put("health", "passing");
			OutlierDetector.Ejected out = ejected.get(instance.getHost() + ":" + instance.getPort());
			if (out != null) {
				node.put("ejected", "ejected (" + out.reason() + ") until " + out.until());
			}
		}
		TrafficPolicy policy = this.policies.policyFor(name);
		if (policy != null) {
			ObjectNode node = service.putObject("policy");
			node.put("stableVersion", policy.stableVersion());
			node.put("canaryVersion", policy.canaryVersion());
			node.put("canaryWeight", policy.canaryWeight());
			node.put("sticky", policy.sticky().name().toLowerCase(Locale.ROOT));
			versions.add(policy.stableVersion());
			if (policy.canaryVersion() != null) {
				versions.add(policy.canaryVersion());
			}
		}
		ArrayNode live = service.putArray("versions");
		Instant end = this.clock.instant().minusSeconds(1);
		for (String version : versions) {
			ObjectNode node = live.addObject();
			node.put("version", version);
			VersionFigures seen = (this.figures != null) ? this.figures.read(name, version, end.minus(WINDOW), end)
					: null;
			if (seen != null) {
				node.put("requestsPerSecond", seen.requests() / (double) WINDOW.toSeconds());
				node.put("errorRate", seen.errorRate());
				node.put("p95Millis", seen.p95Millis());
			}
		}
		try {
			ConsulKv.Entry status = this.consul.get(this.rollouts.getStatusPrefix() + name);
			if (status != null) {
				service.set("rollout", this.json.readTree(status.value()));
			}
		}
		catch (IOException | RuntimeException ex) {
			service.put("rolloutError", "the rollout status could not be read: " + ex.getMessage());
		}
		return service;
	}

	Mono<ServerResponse> startRollout(ServerRequest request) {
		String service = request.pathVariable("service");
		return guarded(request, () -> request.bodyToMono(String.class).defaultIfEmpty("").flatMap((body) -> {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			try {
				RolloutSpec.parse(bytes, this.json);
			}
			catch (IllegalArgumentException ex) {
				return problem(HttpStatus.BAD_REQUEST, "The rollout spec is not valid: " + ex.getMessage());
			}
			return write(this.rollouts.getSpecPrefix() + service, bytes, "rollout of " + service + " written");
		}));
	}

	Mono<ServerResponse> act(ServerRequest request) {
		String service = request.pathVariable("service");
		String action = request.pathVariable("action").toLowerCase(Locale.ROOT);
		return guarded(request, () -> {
			if (!List.of("pause", "resume", "abort", "promote").contains(action)) {
				return problem(HttpStatus.BAD_REQUEST, "Unknown action; use pause, resume, abort or promote.");
			}
			byte[] document = ("{\"action\": \"" + action + "\"}").getBytes(StandardCharsets.UTF_8);
			return write(this.rollouts.getActionPrefix() + service, document,
					action + " of the rollout of " + service + " asked for");
		});
	}

	private Mono<ServerResponse> write(String key, byte[] value, String done) {
		return Mono.fromCallable(() -> {
			this.consul.put(key, value);
			return done;
		})
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((message) -> ServerResponse.accepted()
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(this.json.writeValueAsString(Map.of("result", message))))
			.onErrorResume(IOException.class, (ex) -> problem(HttpStatus.SERVICE_UNAVAILABLE,
					"Consul could not be reached (" + ex.getMessage() + "); try again."));
	}

	private Mono<ServerResponse> guarded(ServerRequest request, Supplier<Mono<ServerResponse>> action) {
		if (!this.properties.isActionsEnabled()) {
			return problem(HttpStatus.FORBIDDEN,
					"The console only shows: set junction.console.actions-enabled=true to allow its actions.");
		}
		if (!"1".equals(request.headers().firstHeader(CONSOLE_HEADER))) {
			return problem(HttpStatus.FORBIDDEN, "A console write needs the header " + CONSOLE_HEADER + ": 1.");
		}
		String origin = request.headers().firstHeader("Origin");
		if (origin != null && !sameOrigin(origin, request.uri())) {
			return problem(HttpStatus.FORBIDDEN, "A console write must come from the console's own page.");
		}
		return action.get();
	}

	static boolean sameOrigin(String origin, URI target) {
		try {
			URI from = URI.create(origin);
			int fromPort = (from.getPort() != -1) ? from.getPort() : defaultPort(from.getScheme());
			int targetPort = (target.getPort() != -1) ? target.getPort() : defaultPort(target.getScheme());
			return from.getScheme() != null && from.getScheme().equalsIgnoreCase(target.getScheme())
					&& from.getHost() != null && from.getHost().equalsIgnoreCase(target.getHost())
					&& fromPort == targetPort;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static int defaultPort(@Nullable String scheme) {
		return "https".equalsIgnoreCase(scheme) ? 443 : 80;
	}

	private Mono<ServerResponse> problem(HttpStatus status, String detail) {
		ObjectNode body = this.json.createObjectNode();
		body.put("type", "about:blank");
		body.put("title", status.getReasonPhrase());
		body.put("status", status.value());
		body.put("detail", detail);
		return ServerResponse.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(this.json.writeValueAsString(body));
	}

}
