/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.junction.testsupport.ProjectLayout;

/**
 * docker-compose.yml as {@code docker-compose config} renders it with the committed
 * {@code .env.example}: anchors merged, variables interpolated, every profile included.
 */
final class ComposeFile {

	static final String ENV_EXAMPLE = ".env.example";

	private final Map<String, Object> rendered;

	private ComposeFile(Map<String, Object> rendered) {
		this.rendered = rendered;
	}

	static ComposeFile render() {
		String output = Tool.DOCKER_COMPOSE.run(Map.of(), "--env-file", ENV_EXAMPLE, "config").successfulOutput();
		return new ComposeFile(Yaml.document(output));
	}

	static String source() {
		return read("docker-compose.yml");
	}

	/** docker-compose.yml without its comment lines. */
	static String definitions() {
		return source().lines().filter((line) -> !line.strip().startsWith("#")).collect(Collectors.joining("\n"));
	}

	static String read(String file) {
		try {
			return Files.readString(ProjectLayout.root().resolve(file));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + file, ex);
		}
	}

	static Path root() {
		return ProjectLayout.root();
	}

	Map<String, Object> services() {
		return Yaml.mapAt(this.rendered, "services");
	}

	Map<String, Object> service(String name) {
		return Yaml.mapAt(services(), name);
	}

	/**
	 * The Junction apps: the services that run one of the images this repository builds.
	 */
	Map<String, Map<String, Object>> apps() {
		Map<String, Map<String, Object>> apps = new LinkedHashMap<>();
		services().forEach((name, service) -> {
			String image = Yaml.stringAt(service, "image");
			if (image != null && image.startsWith("junction/")) {
				apps.put(name, Yaml.map(service));
			}
		});
		return apps;
	}

	static Map<String, String> environment(Map<String, Object> service) {
		Map<String, String> environment = new LinkedHashMap<>();
		Yaml.mapAt(service, "environment").forEach((key, value) -> environment.put(key, String.valueOf(value)));
		return environment;
	}

	/**
	 * The host side of every published port, as {@code address:port} ({@code 0.0.0.0}
	 * when no address is given), whichever syntax the renderer used.
	 */
	static List<String> publishedPorts(Map<String, Object> service) {
		return Yaml.listAt(service, "ports").stream().map(ComposeFile::hostSide).toList();
	}

	private static String hostSide(Object port) {
		if (port instanceof Map<?, ?> map) {
			Object address = map.get("host_ip");
			return ((address != null) ? address : "0.0.0.0") + ":" + map.get("published");
		}
		String[] parts = port.toString().replaceAll("/(tcp|udp)$", "").split(":");
		return switch (parts.length) {
			case 3 -> parts[0] + ":" + parts[1];
			case 2 -> "0.0.0.0:" + parts[0];
			default -> "0.0.0.0:" + parts[0];
		};
	}

}
