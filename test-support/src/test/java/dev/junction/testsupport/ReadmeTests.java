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

	private String readme() throws IOException {
		return Files.readString(this.root.resolve("README.md"));
	}

}
