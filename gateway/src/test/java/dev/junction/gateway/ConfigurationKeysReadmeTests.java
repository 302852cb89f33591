/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.junction.testsupport.ProjectLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.io.File;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds the READMEs and the generated configuration metadata of both starters together:
 * every {@code junction.*} key a README names exists in the metadata, and the defaults of
 * the READMEs' configuration tables are the metadata's. This module sees both starters,
 * so their {@code META-INF/spring-configuration-metadata.json} (the annotation
 * processor's output merged with the hand-written additional metadata) are on its class
 * path.
 * <p>
 * Metadata keys no README names are allowed: the README's tables list what a user usually
 * sets and send the rest to the metadata (the IDE completes it).
 * {@link #everyMetadataKeyIsDescribedAndTheKeysNoReadmeNamesAreListed()} prints them.
 */
class ConfigurationKeysReadmeTests {

	/** The sample services' own keys: documented in the README, not the starters'. */
	private static final String SAMPLES = "junction.sample.";

	private static final Pattern CODE = Pattern.compile("`([^`]+)`");

	private static final Map<String, JsonNode> metadata = new TreeMap<>();

	private static final List<ReadmeKey> readmeKeys = new ArrayList<>();

	@BeforeAll
	static void load() throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		Enumeration<URL> files = ConfigurationKeysReadmeTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		for (URL file : Collections.list(files)) {
			try (InputStream in = file.openStream()) {
				for (JsonNode property : json.readTree(in).path("properties")) {
					String name = property.get("name").asString();
					if (name.startsWith("junction.")) {
						metadata.put(name, property);
					}
				}
			}
		}
		Path root = ProjectLayout.root();
		try (Stream<Path> paths = Files.walk(root, 3)) {
			for (Path readme : paths.filter(ConfigurationKeysReadmeTests::isReadme).sorted().toList()) {
				readKeys(root.relativize(readme).toString(), Files.readAllLines(readme));
			}
		}
	}

	@Test
	void theMetadataOfBothStartersIsOnTheClassPath() {
		assertThat(metadata).containsKeys("junction.discovery.watch-wait", "junction.gateway.edge.max-body-size");
		assertThat(readmeKeys).extracting(ReadmeKey::file)
			.contains("README.md", Path.of("gateway", "README.md").toString());
	}

	@Test
	void everyKeyAReadmeNamesExistsInTheStartersMetadata() {
		List<String> unknown = readmeKeys.stream()
			.filter((key) -> !key.name().startsWith(SAMPLES) && matching(key.name()).isEmpty())
			.map(ReadmeKey::toString)
			.toList();
		assertThat(unknown).as("README keys that no starter has (fix the README or the metadata)").isEmpty();
	}

	@Test
	void theDefaultsOfTheReadmesConfigurationTablesAreTheMetadatas() {
		List<String> wrong = new ArrayList<>();
		for (ReadmeKey key : readmeKeys) {
			if (key.defaultValue() == null || key.name().startsWith(SAMPLES)) {
				continue;
			}
			String documented = key.defaultValue();
			if (documented.equals("none") || documented.equals("–") || documented.equals("-")) {
				// none documented: no key it stands for may have one
				matching(key.name()).forEach((name, property) -> {
					if (property.has("defaultValue")) {
						wrong.add(key + ": README says none, metadata " + name + " = " + property.get("defaultValue"));
					}
				});
			}
			else if (documented.startsWith("`")) {
				JsonNode property = metadata.get(key.name());
				if (property == null && key.name().contains("<")) {
					// an entry of a map property: its defaults are not in the metadata
					continue;
				}
				String actual = (property != null && property.has("defaultValue"))
						? property.get("defaultValue").asString() : null;
				String expected = documented.substring(1, documented.length() - 1);
				if (actual == null || !actual.toLowerCase(Locale.ROOT).equals(expected.toLowerCase(Locale.ROOT))) {
					wrong.add(key + ": README says " + expected + ", metadata " + actual);
				}
			}
			// other prose ("build version", "20-call window, ...") is not checked
		}
		assertThat(wrong).as("README defaults that are not the metadata's").isEmpty();
	}

	@Test
	void everyMetadataKeyIsDescribedAndTheKeysNoReadmeNamesAreListed() {
		assertThat(metadata.values()).allSatisfy(
				(property) -> assertThat(property.path("description").asString()).as(property.get("name").asString())
					.isNotBlank());
		List<String> unnamed = metadata.keySet()
			.stream()
			.filter((name) -> readmeKeys.stream().noneMatch((key) -> matching(key.name()).containsKey(name)))
			.toList();
		System.out.println("Metadata keys no README names (" + unnamed.size() + "; the metadata documents them):");
		unnamed.forEach((name) -> System.out.println("  " + name));
	}

	/**
	 * The metadata properties a README key stands for: itself, those its placeholders
	 * ({@code <service>}, {@code *}) match, or the map property it is an entry of.
	 */
	private static Map<String, JsonNode> matching(String key) {
		Map<String, JsonNode> found = new TreeMap<>();
		Pattern pattern = Pattern.compile(Stream.of(key.split("((?=<[^>]+>)|(?<=<[^>]+>)|(?=\\*)|(?<=\\*))"))
			.map((part) -> part.startsWith("<") ? "[^.]+(\\..+)?" : part.equals("*") ? ".+" : Pattern.quote(part))
			.reduce("", String::concat));
		metadata.forEach((name, property) -> {
			boolean map = property.path("type").asString().startsWith("java.util.Map");
			if (pattern.matcher(name).matches() || (map && key.startsWith(name + "."))) {
				found.put(name, property);
			}
		});
		return found;
	}

	private static boolean isReadme(Path path) {
		String name = path.getFileName().toString();
		return name.startsWith("README") && name.endsWith(".md") && Files.isRegularFile(path)
				&& Stream.of("target", "node_modules", ".git")
					.noneMatch((skipped) -> path.toString().contains(File.separator + skipped));
	}

	/**
	 * Keys in backticks: in tables, the cells of a "key" column (with {@code `a` / `b`}
	 * and {@code `.b`} short for siblings of the first) paired with their "default"
	 * cells; everywhere else any {@code junction.*} in backticks, except in "default"
	 * cells, which hold values.
	 */
	private static void readKeys(String file, List<String> lines) {
		List<String> header = null;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).trim();
			if (!line.startsWith("|")) {
				header = null;
				addAll(file, i + 1, codes(line), null);
				continue;
			}
			List<String> cells = List.of(line.substring(1, line.length() - (line.endsWith("|") ? 1 : 0)).split("\\|"))
				.stream()
				.map(String::trim)
				.toList();
			if (header == null) {
				header = cells;
				continue;
			}
			if (cells.stream().allMatch((cell) -> cell.matches("[-: ]*"))) {
				continue;
			}
			int keyColumn = header.indexOf("key");
			int defaultColumn = header.indexOf("default");
			for (int column = 0; column < cells.size(); column++) {
				if (column == keyColumn) {
					List<String> keys = siblings(codes(cells.get(column)));
					List<String> defaults = (defaultColumn >= 0 && defaultColumn < cells.size())
							? List.of(cells.get(defaultColumn).split(" / ")) : List.of();
					for (int k = 0; k < keys.size(); k++) {
						String documented = defaults.isEmpty() ? null
								: defaults.get((defaults.size() == keys.size()) ? k : 0).trim();
						add(file, i + 1, keys.get(k), documented);
					}
				}
				else if (column != defaultColumn) {
					addAll(file, i + 1, codes(cells.get(column)), null);
				}
			}
		}
	}

	private static List<String> codes(String text) {
		List<String> codes = new ArrayList<>();
		Matcher matcher = CODE.matcher(text);
		while (matcher.find()) {
			codes.add(matcher.group(1));
		}
		return codes;
	}

	/** {@code `junction.a.b` / `c`} and {@code `.c`}: c is b's sibling. */
	private static List<String> siblings(List<String> codes) {
		List<String> keys = new ArrayList<>();
		String parent = null;
		for (String code : codes) {
			if (code.startsWith("junction.")) {
				keys.add(code);
				parent = code.substring(0, code.lastIndexOf('.'));
			}
			else if (parent != null) {
				keys.add(parent + (code.startsWith(".") ? code : "." + code));
			}
		}
		return keys;
	}

	private static void addAll(String file, int line, List<String> codes, String documented) {
		codes.stream()
			.filter((code) -> code.startsWith("junction."))
			.forEach((code) -> add(file, line, code, documented));
	}

	/**
	 * A key as written: {@code =value} dropped, {@code a|b|c} in its last segment
	 * expanded.
	 */
	private static void add(String file, int line, String code, String documented) {
		String key = code.split("=", 2)[0].trim();
		if (key.equals("junction.*")) {
			// the namespace, not a key
			return;
		}
		int last = key.lastIndexOf('.');
		for (String segment : key.substring(last + 1).split("\\|")) {
			readmeKeys.add(new ReadmeKey(file, line, key.substring(0, last + 1) + segment, documented));
		}
	}

	record ReadmeKey(String file, int line, String name, String defaultValue) {

		@Override
		public String toString() {
			return this.file + ":" + this.line + " " + this.name;
		}

	}

}
