/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each image the Dockerfile builds, run by podman as Kubernetes and compose run it: as
 * the numeric user 10001 on a read-only root filesystem with a tmpfs at {@code /tmp}, its
 * heap sized from the container's memory limit, and its layers split so that a code
 * change rebuilds only the last one.
 */
class ContainerImageTests {

	static final List<String> modules = ContainerImages.MODULES;

	private static final Pattern MAX_HEAP = Pattern.compile("\\bMaxHeapSize\\s*=\\s*(\\d+)");

	private static final long MIB = 1024 * 1024;

	@ParameterizedTest
	@FieldSource("modules")
	void runsAsUser10001OnAReadOnlyRootFilesystemWithAWritableTmp(String module) {
		String image = ContainerImages.of(module);
		String output = Podman.run("run", "--rm", "--read-only", "--tmpfs", "/tmp", "--entrypoint", "sh", image, "-c",
				"id -u; id -g; touch /app/written 2>/dev/null && echo root-writable || echo root-read-only;"
						+ " touch /tmp/written && echo tmp-writable");
		assertThat(output.lines().toList()).as("uid, gid, root filesystem and /tmp of %s", image)
			.containsExactly("10001", "10001", "root-read-only", "tmp-writable");
	}

	@ParameterizedTest
	@FieldSource("modules")
	void theHeapFollowsTheContainersMemoryLimit(String module) {
		String image = ContainerImages.of(module);
		long atCompose = maxHeap(image, 768);
		long atHalf = maxHeap(image, 384);
		// the Dockerfile's -XX:MaxRAMPercentage=65 of the limit (rounded to the heap's
		// alignment), not of the host's memory
		assertThat(atCompose).as("MaxHeapSize under -m 768m").isBetween(480 * MIB, 520 * MIB);
		assertThat(atHalf).as("MaxHeapSize under -m 384m").isBetween(240 * MIB, 260 * MIB);
	}

	private static long maxHeap(String image, int limitMib) {
		String flags = Podman.run("run", "--rm", "--read-only", "--tmpfs", "/tmp", "--memory", limitMib + "m",
				"--entrypoint", "java", image, "-XX:+PrintFlagsFinal", "-version");
		Matcher matcher = MAX_HEAP.matcher(flags);
		assertThat(matcher.find()).as("MaxHeapSize in java -XX:+PrintFlagsFinal of %s", image).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	/**
	 * The image's top layer is what the Dockerfile's training run wrote, and nothing else
	 * (the run leaves no temporary file behind): on the Java 25 runtime, the AOT cache
	 * and the option that names it; below it come the Dockerfile's
	 * {@code COPY --from=build /layers/...} steps, in its order, and each holds what
	 * Boot's layer of that name means: the third-party jars, snapshot jars, and last the
	 * application (its jar and the jars of this repository's modules), so a code change
	 * leaves every other layer as it was.
	 */
	@ParameterizedTest
	@FieldSource("modules")
	void theLayersSeparateTheDependenciesFromTheApplication(String module) {
		String image = ContainerImages.of(module);
		List<String> copied = DockerfileTests.copiedLayers();
		List<Path> layers = layersTopFirst(image);
		assertThat(layers).as("layers of %s", image).hasSizeGreaterThan(copied.size() + 1);
		assertThat(files(layers.get(0))).as("files of the training run's layer (%s)", layers.get(0))
			.containsExactlyInAnyOrder("app/application.aot", "app/archive.args");
		for (int i = 0; i < copied.size(); i++) {
			String layer = copied.get(copied.size() - 1 - i);
			List<String> files = files(layers.get(i + 1));
			assertThat(files).as("files of layer %s (%s)", layer, layers.get(i + 1)).allSatisfy((file) -> {
				switch (layer) {
					case "dependencies" -> assertThat(file).matches("app/lib/[^/]+\\.jar").doesNotContain("SNAPSHOT");
					case "snapshot-dependencies" ->
						assertThat(file).matches("app/lib/[^/]+-SNAPSHOT\\.jar").doesNotStartWith("app/lib/junction-");
					case "application" -> assertThat(file)
						.matches("app/application\\.jar|app/lib/(junction-|sample-)[^/]+-SNAPSHOT\\.jar");
					default -> throw new IllegalStateException("The Dockerfile copies a layer unknown here: " + layer);
				}
			});
			if (!layer.equals("snapshot-dependencies")) {
				assertThat(files).as("files of layer %s", layer).isNotEmpty();
			}
		}
		assertThat(files(layers.get(1))).as("the application layer holds the module's own jar")
			.contains("app/application.jar");
		assertThat(size(layers.get(1))).as("the application layer, rebuilt on every code change, stays small")
			.isLessThan(size(layers.get(copied.size())) / 10);
	}

	/**
	 * Each layer's own files as the overlay storage driver keeps them, the top layer
	 * first.
	 */
	private static List<Path> layersTopFirst(String image) {
		String[] dirs = Podman
			.run("image", "inspect", "--format",
					"{{.GraphDriver.Name}} {{.GraphDriver.Data.UpperDir}}:{{.GraphDriver.Data.LowerDir}}", image)
			.strip()
			.split(" ", 2);
		assertThat(dirs[0])
			.as("podman's storage driver (these checks read overlay's layer folders; set"
					+ " driver = \"overlay\" in /etc/containers/storage.conf)")
			.isEqualTo("overlay");
		return Arrays.stream(dirs[1].split(":")).map(Path::of).toList();
	}

	private static List<String> files(Path layer) {
		List<String> files = new ArrayList<>();
		try (Stream<Path> walk = Files.walk(layer)) {
			walk.filter(Files::isRegularFile).forEach((file) -> files.add(layer.relativize(file).toString()));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the layer at " + layer + " (run the tests as root)", ex);
		}
		return files;
	}

	private static long size(Path layer) {
		try (Stream<Path> walk = Files.walk(layer)) {
			return walk.filter(Files::isRegularFile).mapToLong((file) -> file.toFile().length()).sum();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the layer at " + layer, ex);
		}
	}

}
