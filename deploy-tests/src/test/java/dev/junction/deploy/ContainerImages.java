/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kit's three images, built with podman exactly as the Dockerfile says, once per test
 * JVM: since no registry can be pulled from here, the Dockerfile's build stage starts
 * from a Java 17 base made from Debian's packages
 * ({@code deploy-tests/podman/debian-base.sh}) and its runtime stage from that base with
 * this host's Temurin 25 JDK added ({@code deploy-tests/podman/temurin25-base.sh}), as
 * the Dockerfile's default runtime is Java 25 (both skipped when the image exists); the
 * host's Maven repository is bound in as the build's Maven cache, so the build downloads
 * nothing (TLS from inside a container is not trusted here) and a second build of an
 * unchanged tree is podman's layer cache.
 */
final class ContainerImages {

	/** The modules the Dockerfile builds, one image each. */
	static final List<String> MODULES = List.of("gateway", "sample-user-service", "sample-order-service");

	/** The base of the build stage here; a new package set gets a new tag. */
	static final String BASE = "localhost/junction/debian-java17:bookworm-1";

	/** The base of the runtime stage here: {@link #BASE} with Temurin 25. */
	static final String RUNTIME_BASE = "localhost/junction/debian-temurin25:bookworm-1";

	/**
	 * A system property: when {@code true}, an image that exists is used as it is, for
	 * iterating on the tests themselves (the apps' code must not have changed since).
	 */
	static final String REUSE = "junction.images.reuse";

	private static final String BASE_SCRIPT = "deploy-tests/podman/debian-base.sh";

	private static final String RUNTIME_BASE_SCRIPT = "deploy-tests/podman/temurin25-base.sh";

	private static final Duration BASE_BUILD = Duration.ofMinutes(10);

	/**
	 * An image build: the whole Maven build of a module and its dependencies, on 2 busy
	 * cores.
	 */
	private static final Duration IMAGE_BUILD = Duration.ofMinutes(12);

	private static final Map<String, String> built = new HashMap<>();

	private static boolean baseReady;

	private ContainerImages() {
	}

	/**
	 * The image of a module, built in this JVM on first use.
	 * @param module the module folder, such as {@code gateway}
	 * @return its tag, as docker-compose.yml names it, such as
	 * {@code junction/gateway:0.1.0}
	 */
	static synchronized String of(String module) {
		String tag = built.get(module);
		if (tag == null) {
			Tool.PODMAN.require();
			tag = tagOf(module);
			if (Boolean.getBoolean(REUSE)
					&& Podman.attempt(Tool.Run.QUICK, List.of("image", "exists", tag)).exitCode() == 0) {
				System.out.printf("==> %s: reusing the image built before (-D%s=true)%n", tag, REUSE);
			}
			else {
				base();
				build(module, tag);
			}
			built.put(module, tag);
		}
		return tag;
	}

	private static void base() {
		if (baseReady) {
			return;
		}
		makeBase("Java 17 base image " + BASE + " from Debian's packages (debootstrap, a few minutes the first time;"
				+ " nothing when it exists)", List.of(BASE_SCRIPT, BASE));
		// podman's environment drops TEMURIN_25: named here, else the script's default
		List<String> runtime = new ArrayList<>(List.of(RUNTIME_BASE_SCRIPT, RUNTIME_BASE, BASE));
		String temurin25 = System.getenv("TEMURIN_25");
		if (temurin25 != null) {
			runtime.add(temurin25);
		}
		makeBase("Java 25 runtime base image " + RUNTIME_BASE + ": " + BASE + " with this host's Temurin 25"
				+ " (TEMURIN_25, else /usr/lib/jvm/temurin-25-jdk-amd64; nothing when it exists)", runtime);
		baseReady = true;
	}

	/**
	 * Runs one of the scripts that make a base image.
	 * @param what what it makes, for the progress line
	 * @param script the script, from the repository's root, and its arguments
	 */
	private static void makeBase(String what, List<String> script) {
		long started = System.nanoTime();
		System.out.printf("==> %s%n", what);
		List<String> command = new ArrayList<>(List.of("bash", ComposeFile.root().resolve(script.get(0)).toString()));
		command.addAll(script.subList(1, script.size()));
		String output = Tool.Run.of(command, Podman.environment(), BASE_BUILD).successfulOutput();
		System.out.printf("==> ready after %d s: %s%n", seconds(started), lastLine(output));
	}

	private static void build(String module, String tag) {
		long started = System.nanoTime();
		System.out.printf("==> podman build --build-arg MODULE=%s -t %s . (minutes: Maven builds %s and the modules"
				+ " it depends on inside the build stage)%n", module, tag, module);
		String output = Podman.run(IMAGE_BUILD,
				List.of("build", "--network", "host", "--volume", mavenRepository() + ":/root/.m2", "--build-arg",
						"BUILD_IMAGE=" + BASE, "--build-arg", "RUNTIME_IMAGE=" + RUNTIME_BASE, "--build-arg",
						"MODULE=" + module, "--tag", tag, "--file", "Dockerfile", "."));
		System.out.printf("==> %s built in %d s (%s)%n", tag, seconds(started), lastLine(output));
	}

	/** The image docker-compose.yml gives the app whose build names the module. */
	private static String tagOf(String module) {
		for (Map<String, Object> service : ComposeFile.render().apps().values()) {
			if (module.equals(Yaml.stringAt(service, "build", "args", "MODULE"))) {
				return Yaml.stringAt(service, "image");
			}
		}
		throw new IllegalStateException("docker-compose.yml builds no app with MODULE: " + module);
	}

	/**
	 * The host's Maven directory (the repository and the wrapper's Maven), bound in as
	 * the Dockerfile's cache mount at {@code /root/.m2}.
	 */
	private static String mavenRepository() {
		return Path.of(System.getProperty("user.home"), ".m2").toString();
	}

	private static long seconds(long startedNanos) {
		return Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds();
	}

	private static String lastLine(String output) {
		List<String> lines = output.strip().lines().toList();
		return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
	}

}
