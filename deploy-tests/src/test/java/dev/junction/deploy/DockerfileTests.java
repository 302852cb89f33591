package dev.junction.deploy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one Dockerfile of the apps, read as text (no Docker engine here to build it):
 * multi-stage, pinned base images, a layered jar, a numeric non-root user.
 */
class DockerfileTests {

	private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)");

	private final String dockerfile = ComposeFile.read("Dockerfile");

	@Test
	void buildsWithTheJdkAndRunsOnAJreBothPinnedToAFullVersion() {
		Matcher from = FROM.matcher(this.dockerfile);
		List<String> images = from.results().map((result) -> result.group(1)).toList();
		assertThat(images).hasSize(2);
		assertThat(images.get(0)).matches("eclipse-temurin:17\\.\\d+\\.\\d+_\\d+-jdk-\\w+");
		assertThat(images.get(1)).matches("eclipse-temurin:17\\.\\d+\\.\\d+_\\d+-jre-\\w+");
	}

	@Test
	void theRuntimeImageHoldsTheJarsLayersAndRunsAsANumericNonRootUser() {
		assertThat(this.dockerfile).contains("./mvnw -B -ntp -pl \"${MODULE}\" -am package -DskipTests")
			.contains("-Djarmode=tools -jar \"${MODULE}\"/target/*.jar extract --layers --launcher")
			.contains("ENTRYPOINT [\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
		Matcher user = Pattern.compile("(?m)^USER\\s+(\\d+)(?::(\\d+))?\\s*$").matcher(this.dockerfile);
		assertThat(user.find()).as("a numeric USER").isTrue();
		assertThat(Integer.parseInt(user.group(1))).isPositive();
		List<String> layers = List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");
		int previous = -1;
		for (String layer : layers) {
			int at = this.dockerfile.indexOf("COPY --from=build /layers/" + layer + "/ ./");
			assertThat(at).as("layer %s copied after the more stable ones", layer).isGreaterThan(previous);
			previous = at;
		}
	}

	@Test
	void composeBuildsEveryAppWithThisDockerfile() {
		for (String module : List.of("gateway", "sample-user-service", "sample-order-service")) {
			assertThat(ComposeFile.source()).contains("MODULE: " + module);
			assertThat(ComposeFile.root().resolve(module).resolve("pom.xml")).isRegularFile();
		}
	}

}
