/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the README true: its links, the modules it lists and the files it points to
 * exist.
 */
class ReadmeTests {

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)#]+)(#[^)]*)?\\)");

	private static final Pattern MODULE_ROW = Pattern.compile("^\\| `([a-z0-9-]+)/` \\| `([a-z0-9-]+)` \\|",
			Pattern.MULTILINE);

	private static final Pattern SOURCE_FOLDER = Pattern.compile("`([a-z0-9-]+/src/[A-Za-z0-9/._-]+/)`");

	/** A part of an outside project's pom the README must show: begin and end markers. */
	private static final Pattern SNIPPET_REGION = Pattern
		.compile("<!-- junction:begin ([a-z-]+) -->(.*?)<!-- junction:end \\1 -->", Pattern.DOTALL);

	private static final Pattern PROJECT_VERSION = Pattern
		.compile("<artifactId>junction-parent</artifactId>\\s*<version>([^<]+)</version>");

	private final Path root = ProjectLayout.root();

	@Test
	void everyRelativeLinkPointsAtAFileThatExists() throws IOException {
		List<String> dead = new ArrayList<>();
		Matcher matcher = LINK.matcher(readme());
		while (matcher.find()) {
			String target = matcher.group(1);
			if (!target.startsWith("http://") && !target.startsWith("https://")
					&& !Files.exists(this.root.resolve(target))) {
				dead.add(target);
			}
		}
		assertThat(dead).as("dead links in README.md").isEmpty();
	}

	@Test
	void everyModuleInTheTableIsABuildModuleWithThatArtifactId() throws IOException {
		Matcher matcher = MODULE_ROW.matcher(readme());
		int rows = 0;
		while (matcher.find()) {
			rows++;
			Path pom = this.root.resolve(matcher.group(1)).resolve("pom.xml");
			assertThat(pom).as("module %s in README.md", matcher.group(1)).isRegularFile();
			assertThat(Files.readString(pom)).contains("<artifactId>" + matcher.group(2) + "</artifactId>");
		}
		assertThat(rows).as("module rows in README.md").isPositive();
	}

	@Test
	void everySourceFolderTheReadmeNamesExists() throws IOException {
		Matcher matcher = SOURCE_FOLDER.matcher(readme());
		List<String> missing = new ArrayList<>();
		while (matcher.find()) {
			if (!Files.isDirectory(this.root.resolve(matcher.group(1)))) {
				missing.add(matcher.group(1));
			}
		}
		assertThat(missing).as("folders named in README.md").isEmpty();
	}

	@Test
	void theReadmesPomSnippetsAreThoseOfTheOutsideProjectsTheBuildProves() throws IOException {
		String snippets = normalized(codeBlocks("xml"));
		String version = projectVersion();
		List<String> regions = new ArrayList<>();
		try (var projects = Files.list(this.root.resolve("adoption-tests/src/it"))) {
			for (Path pom : projects.map((project) -> project.resolve("pom.xml"))
				.filter(Files::isRegularFile)
				.toList()) {
				Matcher matcher = SNIPPET_REGION.matcher(Files.readString(pom));
				while (matcher.find()) {
					regions.add(matcher.group(1));
					assertThat(snippets).as("README.md shows the '%s' part of %s", matcher.group(1), pom)
						.contains(normalized(matcher.group(2).replace("@project.version@", version)));
				}
			}
		}
		assertThat(regions).as("marked parts of the outside projects' poms").contains("starter", "gateway-starter");
	}

	@Test
	void theReadmeShowsTheOutsideGatewayAppsConfigurationAsItIs() throws IOException {
		String yaml = Files
			.readString(this.root.resolve("adoption-tests/src/it/edge-app/src/main/resources/application.yml"));
		assertThat(normalized(codeBlocks("yaml"))).contains(normalized(yaml));
	}

	private String codeBlocks(String language) throws IOException {
		Matcher matcher = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(readme());
		StringBuilder blocks = new StringBuilder();
		while (matcher.find()) {
			blocks.append(matcher.group(1)).append('\n');
		}
		return blocks.toString();
	}

	/** Without XML comments, and with every run of white space one space. */
	private static String normalized(String text) {
		return text.replaceAll("(?s)<!--.*?-->", " ").replaceAll("\\s+", " ").trim();
	}

	private String projectVersion() throws IOException {
		Matcher matcher = PROJECT_VERSION.matcher(Files.readString(this.root.resolve("pom.xml")));
		assertThat(matcher.find()).as("the root pom's version").isTrue();
		return matcher.group(1);
	}

	private String readme() throws IOException {
		return Files.readString(this.root.resolve("README.md"));
	}

}
