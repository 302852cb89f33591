/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.junction.bench.backend.FixedResponseBackend;
import dev.junction.bench.report.Figure;
import dev.junction.devconsul.junit.DevConsulExtension;
import dev.junction.launcher.SampleProperties;
import dev.junction.testsupport.AppInstance;
import dev.junction.testsupport.LoopbackPorts;
import dev.junction.testsupport.PostgresDatabaseExtension;
import dev.junction.testsupport.RabbitNamespaceExtension;
import dev.junction.testsupport.RedisNamespaceExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * S1: each app's start-up time, from launching its JVM to its readiness probe answering
 * 200, started alone on an otherwise idle machine, {@value #ROUNDS} times: the sample
 * services (with PostgreSQL, Redis, RabbitMQ and the dev agent they use), the Junction
 * gateway as packaged, and the Spring Cloud references of G1 (their readiness is the
 * first 200 through their route, as they have no probe; the Junction gateway's probe
 * waits for its first instance lists too). Every JVM with the bench's options. Full suite
 * only ({@code bench/run.sh}).
 */
@Tag("S1")
class StartUpScenarioTests {

	private static final Logger logger = LoggerFactory.getLogger(StartUpScenarioTests.class);

	private static final int ROUNDS = 5;

	private static final String PATH = "/api/users/1";

	private static final String WITH_CDS = " as its image starts it";

	private static final String ON_JAVA_25 = " on Java 25";

	private static final List<String> JUNCTION_APPS = List.of("Junction gateway", "sample-user-service",
			"sample-order-service");

	@RegisterExtension
	static DevConsulExtension consulAgent = new DevConsulExtension();

	@RegisterExtension
	static PostgresDatabaseExtension usersDatabase = new PostgresDatabaseExtension();

	@RegisterExtension
	static PostgresDatabaseExtension ordersDatabase = new PostgresDatabaseExtension();

	@RegisterExtension
	static RedisNamespaceExtension redis = new RedisNamespaceExtension();

	@RegisterExtension
	static RabbitNamespaceExtension rabbit = new RabbitNamespaceExtension();

	static FixedResponseBackend backend;

	static EdgeDeployment deployment;

	@BeforeAll
	static void deploy() {
		int v1 = LoopbackPorts.free();
		int v2 = LoopbackPorts.free();
		backend = new FixedResponseBackend(v1, v2);
		Consul consul = new Consul(consulAgent);
		consul.register(EdgeDeployment.USER_SERVICE, "backend-v1", v1, "v1");
		consul.register(EdgeDeployment.USER_SERVICE, "backend-v2", v2, "v2");
		SpringCloudReferences.registerVersions(consul, v1, v2);
		deployment = new EdgeDeployment(consulAgent, usersDatabase, redis, rabbit);
	}

	@AfterAll
	static void stop() {
		if (backend != null) {
			backend.close();
		}
	}

	@Test
	void eachAppStartsAloneToReady() {
		Map<String, Supplier<AppInstance>> apps = new LinkedHashMap<>();
		apps.put("Junction gateway", () -> deployment.startGateway("s1-gateway", Map.of()));
		apps.put("sample-user-service", () -> deployment.startUserService("s1-user", "v1"));
		apps.put("sample-order-service",
				() -> deployment.startOrderService("s1-order", ordersDatabase.springProperties()));
		// the training runs happen here, not inside a timed start
		List.of(SampleProperties.GATEWAY, EdgeDeployment.USER_SERVICE, SampleProperties.ORDER_SERVICE)
			.forEach(Bench::cdsArchive);
		EdgeDeployment images = deployment.withCds();
		apps.put("Junction gateway" + WITH_CDS, () -> images.startGateway("s1-gateway-cds", Map.of()));
		apps.put("sample-user-service" + WITH_CDS, () -> images.startUserService("s1-user-cds", "v1"));
		apps.put("sample-order-service" + WITH_CDS,
				() -> images.startOrderService("s1-order-cds", ordersDatabase.springProperties()));
		CdsArchive gatewayArchive = Bench.cdsArchive(SampleProperties.GATEWAY);
		// an AOT cache belongs to the images' Java 25: it is judged against the same
		// JDK without it, as well as against the Java 17 start above
		boolean aot = gatewayArchive.aot();
		if (aot) {
			EdgeDeployment java25 = deployment.onJdk(gatewayArchive.javaHome());
			apps.put("Junction gateway" + ON_JAVA_25, () -> java25.startGateway("s1-gateway-25", Map.of()));
			apps.put("sample-user-service" + ON_JAVA_25, () -> java25.startUserService("s1-user-25", "v1"));
			apps.put("sample-order-service" + ON_JAVA_25,
					() -> java25.startOrderService("s1-order-25", ordersDatabase.springProperties()));
		}
		String without = aot ? ON_JAVA_25 : "";
		apps.put(GatewayThroughputScenarioTests.SCG_EQUIVALENTS,
				() -> SpringCloudReferences.startEquivalentsGateway("s1-scg-equivalents",
						consulAgent.springProperties(), redis.springProperties(), PATH));
		apps.put(GatewayThroughputScenarioTests.SCG_LB,
				() -> SpringCloudReferences.startLbGateway("s1-scg-lb", consulAgent.springProperties(), PATH));
		Rounds seconds = new Rounds();
		for (int round = 1; round <= ROUNDS; round++) {
			for (Map.Entry<String, Supplier<AppInstance>> app : apps.entrySet()) {
				long start = System.nanoTime();
				AppInstance instance = app.getValue().get();
				try {
					instance.awaitReady();
					double elapsed = (System.nanoTime() - start) / 1e9;
					seconds.add(app.getKey(), elapsed);
					logger.info("S1 round {} of {}: {} ready in {} s", round, ROUNDS, app.getKey(),
							"%.1f".formatted(elapsed));
				}
				finally {
					instance.close();
				}
			}
		}
		List<String> all = new ArrayList<>();
		apps.keySet()
			.forEach((name) -> all.add("%s %.1f s (rounds %s)".formatted(name, seconds.median(name),
					seconds.of(name).stream().map((value) -> "%.1f".formatted(value)).toList())));
		String gateway = "Junction gateway";
		String reference = GatewayThroughputScenarioTests.SCG_EQUIVALENTS;
		double ratio = seconds.median(gateway) / seconds.median(reference);
		new Figure("S1", "start-up to ready, each app alone", "gateway %.1f s".formatted(seconds.median(gateway)),
				reference + " %.1f s".formatted(seconds.median(reference)), "%.2f×".formatted(ratio), "reported", "–",
				"from launching the JVM to the readiness probe's first 200, median of " + ROUNDS
						+ " starts each, one app at a time, java -jar on the packaged jar: " + String.join("; ", all))
			.save();
		List<String> withCds = new ArrayList<>();
		double worst = 0;
		for (String app : JUNCTION_APPS) {
			double image = seconds.median(app + WITH_CDS);
			double plain = seconds.median(app + without);
			worst = Math.max(worst, image / plain);
			String againstJava17 = aot
					? "; %.2f× of Java 17's %.1f s".formatted(image / seconds.median(app), seconds.median(app)) : "";
			withCds
				.add("%s %.1f s against %.1f s (%.2f×%s)".formatted(app, image, plain, image / plain, againstJava17));
		}
		String recipe = "the Dockerfile's recipe on %s: the jar extracted (application.jar + lib/), one training run with"
				+ " docker/cds/training.properties exiting on refresh (%s), then java %s -jar application.jar with the"
				+ " same JVM options%s";
		recipe = aot
				? recipe.formatted("its Java 25 runtime", "-XX:AOTCacheOutput", "-XX:AOTCache=application.aot",
						", against the packaged jar on the same Java 25 (and on Java 17, as in S1)")
				: recipe.formatted("a Java 17 runtime (no Java 25 JDK at " + CdsArchive.JAVA_25 + ")",
						"-XX:ArchiveClassesAtExit", "-XX:SharedArchiveFile=application.jsa", "");
		new Figure("S1b",
				"start-up to ready as the images start each app: " + gatewayArchive.describe() + " of a training run",
				"gateway %.1f s".formatted(seconds.median(gateway + WITH_CDS)),
				"gateway without it %.1f s".formatted(seconds.median(gateway + without)),
				"%.2f× at most".formatted(worst), "every app ≤ 0.60× of its time without", Figure.met(worst <= 0.60),
				recipe + "; " + String.join("; ", withCds))
			.save();
	}

}
