/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a checker can see in the sources, held for every Java file of the repository (the
 * formatter, run at {@code validate}, holds the layout): the copyright header, no fully
 * qualified names in code where an import would do, no comment lines left behind by the
 * formatter's wrapping, and no references to documents outside the repository.
 */
class SourceTests {

	private static final String HEADER = "/*\n * Copyright 2026 the Junction authors.\n */\n";

	private static final Pattern QUALIFIED_NAME = Pattern
		.compile("\\b((?:java|javax|jakarta|org|io|com|tools|reactor|dev)\\.(?:[a-z]\\w*\\.)+([A-Z]\\w*))");

	private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)\\.(\\w+);", Pattern.MULTILINE);

	private static final Pattern TYPE_DECLARATION = Pattern
		.compile("\\b(?:class|interface|record|enum|@interface)\\s+(\\w+)");

	private static final Pattern OUTSIDE_REFERENCE = Pattern.compile("DESIGN\\.md|shared/[A-Z-]+\\.md|\\bthe issue\\b");

	private final Path root = ProjectLayout.root();

	@Test
	void everyJavaFileStartsWithTheCopyrightHeader() throws IOException {
		List<String> without = new ArrayList<>();
		for (Path file : javaFiles()) {
			if (!Files.readString(file).startsWith(HEADER)) {
				without.add(this.root.relativize(file).toString());
			}
		}
		assertThat(without).as("Java files without the header (add it, as the others have it)").isEmpty();
	}

	@Test
	void codeNamesTypesByTheirImportsNotByFullyQualifiedNames() throws IOException {
		List<String> found = new ArrayList<>();
		for (Path file : javaFiles()) {
			String source = Files.readString(file);
			Set<String> clashing = clashingSimpleNames(source);
			String[] lines = source.split("\n");
			for (int i = 0; i < lines.length; i++) {
				String code = codeOf(lines[i]);
				if (code.startsWith("import ") || code.startsWith("package ")) {
					continue;
				}
				Matcher matcher = QUALIFIED_NAME.matcher(code);
				while (matcher.find()) {
					if (!clashing.contains(matcher.group(2))) {
						found.add(this.root.relativize(file) + ":" + (i + 1) + " " + matcher.group(1));
					}
				}
			}
		}
		assertThat(found).as("fully qualified names where an import would do (import them)").isEmpty();
	}

	@Test
	void noCommentLineIsALeftOverOfTheFormattersWrapping() throws IOException {
		List<String> found = new ArrayList<>();
		for (Path file : javaFiles()) {
			String[] lines = Files.readString(file).split("\n");
			for (int i = 1; i < lines.length; i++) {
				String previous = lines[i - 1].strip();
				String line = lines[i].strip();
				if (previous.startsWith("//") && previous.length() > 60 && line.startsWith("//")
						&& line.substring(2).strip().split("\\s+").length <= 2 && !line.substring(2).isBlank()) {
					found.add(this.root.relativize(file) + ":" + (i + 1) + " " + line);
				}
			}
		}
		assertThat(found).as("one- or two-word comment lines after a long one (rebalance the two lines)").isEmpty();
	}

	@Test
	void codeAndScriptsReferOnlyToWhatIsInTheRepository() throws IOException {
		List<String> found = new ArrayList<>();
		try (Stream<Path> files = Files.walk(this.root)) {
			for (Path file : files.filter(this::isSourceOrScript).toList()) {
				String[] lines = Files.readString(file).split("\n");
				for (int i = 0; i < lines.length; i++) {
					if (OUTSIDE_REFERENCE.matcher(lines[i]).find()) {
						found.add(this.root.relativize(file) + ":" + (i + 1) + " " + lines[i].strip());
					}
				}
			}
		}
		assertThat(found).as("references to documents outside the repository").isEmpty();
	}

	/**
	 * Simple names that stand for more than one type in the file: a qualified name is
	 * needed.
	 */
	private static Set<String> clashingSimpleNames(String source) {
		Map<String, Set<String>> qualifiedBySimple = new HashMap<>();
		Matcher imports = IMPORT.matcher(source);
		while (imports.find()) {
			qualifiedBySimple.computeIfAbsent(imports.group(2), (name) -> new HashSet<>())
				.add(imports.group(1) + "." + imports.group(2));
		}
		Matcher declarations = TYPE_DECLARATION.matcher(source);
		while (declarations.find()) {
			qualifiedBySimple.computeIfAbsent(declarations.group(1), (name) -> new HashSet<>()).add("(declared)");
		}
		for (String line : source.split("\n")) {
			String code = codeOf(line);
			if (code.startsWith("import ")) {
				continue;
			}
			Matcher matcher = QUALIFIED_NAME.matcher(code);
			while (matcher.find()) {
				qualifiedBySimple.computeIfAbsent(matcher.group(2), (name) -> new HashSet<>()).add(matcher.group(1));
			}
		}
		Set<String> clashing = new HashSet<>();
		qualifiedBySimple.forEach((simple, qualified) -> {
			if (qualified.size() > 1) {
				clashing.add(simple);
			}
		});
		return clashing;
	}

	/** The line without its comment and with its string literals emptied. */
	private static String codeOf(String line) {
		String code = line.strip();
		if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//")) {
			return "";
		}
		code = code.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
		int comment = code.indexOf("//");
		return (comment >= 0) ? code.substring(0, comment) : code;
	}

	private List<Path> javaFiles() throws IOException {
		try (Stream<Path> files = Files.walk(this.root)) {
			return files.filter((file) -> file.toString().endsWith(".java"))
				.filter(this::isProjectSource)
				.sorted()
				.toList();
		}
	}

	private boolean isSourceOrScript(Path file) {
		String name = file.getFileName().toString();
		return isProjectSource(file) && (name.endsWith(".java") || name.endsWith(".sh") || name.endsWith(".yml")
				|| name.endsWith(".yaml") || name.equals("pom.xml") || name.equals("Dockerfile"));
	}

	/**
	 * Files of the project: not build output, not the outside projects of adoption-tests.
	 */
	private boolean isProjectSource(Path file) {
		String path = this.root.relativize(file).toString().replace('\\', '/');
		return !path.contains("/target/") && !path.startsWith("target/") && !path.startsWith(".")
				&& !path.contains("/.") && !path.startsWith("adoption-tests/src/it/") && Files.isRegularFile(file);
	}

}
