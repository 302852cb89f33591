/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.bench.devconsul;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dev agent under measurement: its runnable jar started as a child JVM with a fixed
 * heap on a free loopback port, observed from outside through {@code /proc} and
 * {@code jcmd} the way an operator would.
 */
final class AgentProcess implements AutoCloseable {

	private static final Pattern USED = Pattern.compile("used (\\d+)K");

	private final Process process;

	private final int port;

	private final Path log;

	private AgentProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	static AgentProcess start(Path agentJar, String maxHeap, List<String> jvmArgs, Path log) throws Exception {
		int port = freeLoopbackPort();
		Files.createDirectories(log.toAbsolutePath().getParent());
		List<String> command = new ArrayList<>(List.of(javaTool("java"), "-Xmx" + maxHeap));
		command.addAll(jvmArgs);
		command.addAll(List.of("-jar", agentJar.toString(), "--port=" + port));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		// Ctrl-C on the benchmark must not leave the agent running
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "stop-dev-consul-agent"));
		AgentProcess agent = new AgentProcess(process, port, log);
		agent.awaitReady(Duration.ofSeconds(30));
		return agent;
	}

	private void awaitReady(Duration timeout) throws Exception {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		HttpRequest leader = HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/status/leader"))
			.timeout(Duration.ofSeconds(2))
			.build();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The agent exited with " + this.process.exitValue()
						+ " before answering; its log (" + this.log + "):\n" + logTail());
			}
			try {
				if (client.send(leader, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(100);
		}
		close();
		throw new IllegalStateException("The agent did not answer GET /v1/status/leader within " + timeout
				+ "; its log (" + this.log + "):\n" + logTail());
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	int port() {
		return this.port;
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Server-side TCP connections in state ESTABLISHED on the agent's port: the blocking
	 * queries it is holding open right now.
	 */
	int establishedConnections() throws IOException {
		int count = 0;
		for (String table : List.of("tcp", "tcp6")) {
			Path path = Path.of("/proc", Long.toString(pid()), "net", table);
			if (!Files.exists(path)) {
				continue;
			}
			for (String line : Files.readAllLines(path)) {
				String[] fields = line.trim().split("\\s+");
				if (fields.length > 3 && fields[1].contains(":") && "01".equals(fields[3])) {
					String localPort = fields[1].substring(fields[1].lastIndexOf(':') + 1);
					if (Integer.parseInt(localPort, 16) == this.port) {
						count++;
					}
				}
			}
		}
		return count;
	}

	/** A line of {@code /proc/<pid>/status}, e.g. {@code VmRSS} or {@code Threads}. */
	String procStatus(String field) throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
			if (line.startsWith(field + ":")) {
				return line.substring(field.length() + 1).trim();
			}
		}
		return "?";
	}

	/**
	 * CPU time the agent used so far, all its threads, as {user, system} milliseconds,
	 * from {@code /proc/<pid>/stat} (clock ticks of 10 ms, the Linux default).
	 */
	long[] cpuMillis() throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		// after "pid (comm) ": state is field 0, utime field 11, stime field 12
		return new long[] { Long.parseLong(fields[11]) * 10, Long.parseLong(fields[12]) * 10 };
	}

	/**
	 * CPU milliseconds (user + system) per kind of agent thread, digits in thread names
	 * folded so that e.g. all I/O threads add up under one name.
	 */
	Map<String, Long> cpuMillisByThread() throws IOException {
		Map<String, Long> byName = new TreeMap<>();
		try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid()), "task"))) {
			for (Path task : tasks) {
				try {
					String stat = Files.readString(task.resolve("stat"));
					String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "#");
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					long millis = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
					byName.merge(name, millis, Long::sum);
				}
				catch (IOException ex) {
					// the thread ended meanwhile
				}
			}
		}
		return byName;
	}

	/**
	 * Heap in use as {@code jcmd GC.heap_info} reports it, in KiB, optionally after a
	 * full collection so the figure is the live set; -1 when jcmd is unavailable.
	 */
	long heapUsedKib(boolean afterGc) {
		try {
			if (afterGc) {
				jcmd("GC.run");
			}
			long used = 0;
			for (String line : jcmd("GC.heap_info").split("\n")) {
				String lower = line.toLowerCase(Locale.ROOT);
				if (lower.contains("total") && !lower.contains("metaspace") && !lower.contains("class space")) {
					Matcher matcher = USED.matcher(line);
					if (matcher.find()) {
						used += Long.parseLong(matcher.group(1));
					}
				}
			}
			return used;
		}
		catch (Exception ex) {
			return -1;
		}
	}

	private String jcmd(String command) throws Exception {
		Process jcmd = new ProcessBuilder(javaTool("jcmd"), Long.toString(pid()), command).redirectErrorStream(true)
			.start();
		String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!jcmd.waitFor(30, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
			throw new IllegalStateException("jcmd " + command + " failed: " + output);
		}
		return output;
	}

	boolean logMentions(String text) throws IOException {
		return Files.readString(this.log, StandardCharsets.UTF_8).contains(text);
	}

	String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private static String javaTool(String name) {
		Path tool = Path.of(System.getProperty("java.home"), "bin", name);
		return Files.isExecutable(tool) ? tool.toString() : name;
	}

	private static int freeLoopbackPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
