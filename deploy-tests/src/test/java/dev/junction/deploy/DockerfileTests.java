/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one Dockerfile of the apps, read as text: multi-stage, pinned base images by
 * default, a layered jar, a numeric non-root user. ({@link ContainerImageTests} builds
 * and runs it with podman.)
 */
class DockerfileTests {

	private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)");

	private static final Pattern ARG_DEFAULT = Pattern.compile("(?m)^ARG\\s+(\\w+)=(\\S+)");

	private static final Pattern COPY_LAYER = Pattern.compile("(?m)^COPY --from=build /layers/([\\w-]+)/ \\./$");

	private final String dockerfile = ComposeFile.read("Dockerfile");

	@Test
	void buildsWithTheJdkAndRunsOnAJreBothPinnedToAFullVersionByDefault() {
		Matcher from = FROM.matcher(this.dockerfile);
		List<String> images = from.results().map((result) -> result.group(1)).toList();
		assertThat(images).containsExactly("${BUILD_IMAGE}", "${RUNTIME_IMAGE}");
		Map<String, String> defaults = new HashMap<>();
		ARG_DEFAULT.matcher(this.dockerfile).results().forEach((arg) -> defaults.put(arg.group(1), arg.group(2)));
		assertThat(this.dockerfile.indexOf("ARG BUILD_IMAGE=")).as("the base images are arguments before FROM")
			.isLessThan(this.dockerfile.indexOf("FROM "));
		assertThat(defaults.get("BUILD_IMAGE")).matches("eclipse-temurin:17\\.\\d+\\.\\d+_\\d+-jdk-\\w+");
		// Java 25: its AOT cache starts the apps faster than Java 17's CDS
		assertThat(defaults.get("RUNTIME_IMAGE")).matches("eclipse-temurin:25\\.\\d+\\.\\d+_\\d+-jre-\\w+");
	}

	@Test
	void theMavenBuildKeepsItsRepositoryInACacheMount() {
		assertThat(this.dockerfile).containsPattern("(?m)^RUN --mount=type=cache,target=/root/\\.m2 \\./mvnw ");
	}

	@Test
	void theRuntimeImageHoldsTheJarsLayersAndRunsAsANumericNonRootUser() {
		assertThat(this.dockerfile).contains("./mvnw -B -ntp -pl \"${MODULE}\" -am package -Dmaven.test.skip=true")
			.contains("-Djarmode=tools -jar \"${MODULE}\"/target/*.jar extract --layers --destination /layers")
			.contains("record=-XX:AOTCacheOutput=application.aot use=-XX:AOTCache=application.aot")
			.contains("record=-XX:ArchiveClassesAtExit=application.jsa use=-XX:SharedArchiveFile=application.jsa")
			.contains("java \"$record\" --enable-native-access=ALL-UNNAMED ")
			.contains("-Dspring.context.exit=onRefresh -jar application.jar")
			.contains("printf '%s\\n' \"$use\" > archive.args")
			.contains("ENTRYPOINT [\"java\", \"--enable-native-access=ALL-UNNAMED\", \"@archive.args\", \"-jar\","
					+ " \"application.jar\"]");
		Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+)(?::(\\d+))?\\s*$").matcher(this.dockerfile);
		assertThat(user.find()).as("a numeric USER").isTrue();
		assertThat(Integer.parseInt(user.group(1))).isPositive();
		assertThat(copiedLayers()).as("layers, copied from the most to the least stable")
			.containsExactly("dependencies", "snapshot-dependencies", "application");
		assertThat(this.dockerfile.indexOf("java \"$record\""))
			.as("the training run comes after the layers it archives, as root, before USER")
			.isGreaterThan(this.dockerfile.lastIndexOf("COPY --from=build"))
			.isLessThan(this.dockerfile.indexOf("USER 10001"));
	}

	/**
	 * The layers of Boot's layered jar the runtime stage copies, in the Dockerfile's
	 * order.
	 * @return the layer names
	 */
	static List<String> copiedLayers() {
		return COPY_LAYER.matcher(ComposeFile.read("Dockerfile")).results().map((copy) -> copy.group(1)).toList();
	}

	@Test
	void composeBuildsEveryAppWithThisDockerfile() {
		for (String module : List.of("gateway", "sample-user-service", "sample-order-service")) {
			assertThat(ComposeFile.source()).contains("MODULE: " + module);
			assertThat(ComposeFile.root().resolve(module).resolve("pom.xml")).isRegularFile();
		}
	}

}
