/*
 * Copyright 2026 the Junction authors.
 */

package dev.junction.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the launcher shows once everything runs: where each component is, and a few
 * {@code curl} commands that show the canary split, the header override and an order's
 * round trip.
 */
final class Console {

	private Console() {
	}

	/**
	 * The table of components.
	 * @param rows component, version, URL, management URL, log file
	 * @return the table, one line per row
	 */
	static String table(List<List<String>> rows) {
		List<List<String>> all = new ArrayList<>();
		all.add(List.of("component", "version", "URL", "management", "log"));
		all.addAll(rows);
		int[] widths = new int[5];
		for (List<String> row : all) {
			for (int i = 0; i < row.size(); i++) {
				widths[i] = Math.max(widths[i], row.get(i).length());
			}
		}
		StringBuilder table = new StringBuilder();
		for (List<String> row : all) {
			StringBuilder line = new StringBuilder("  ");
			for (int i = 0; i < row.size(); i++) {
				line.append(String.format(Locale.ROOT, "%-" + (widths[i] + 2) + "s", row.get(i)));
			}
			table.append(line.toString().stripTrailing()).append('\n');
		}
		return table.toString();
	}

	/**
	 * The demo commands, for the gateway, its management port and the Consul agent on the
	 * given ports.
	 */
	static String tryIt(int gatewayPort, int managementPort, int consulPort) {
		String gateway = "http://localhost:" + gatewayPort;
		String consul = "http://localhost:" + consulPort;
		String console = "http://localhost:" + managementPort + "/junction";
		return """
				Console (services, versions, live figures, rollouts): %3$s
				Try it (through the gateway):
				  # create a user (note its "id"; 1 below)
				  curl -s -X POST %1$s/api/users -H 'Content-Type: application/json' -d '{"name":"Ada","email":"ada-'$RANDOM'@example.com"}'
				  # canary split: about 4 in 20 answered by v2 (weight 20)
				  for i in $(seq 20); do curl -s -o /dev/null -D - %1$s/api/users/1 | grep -i '^Junction-Instance-Version'; done | sort | uniq -c
				  # header override: always v2 (X-Canary: never gives v1)
				  curl -si %1$s/api/users/1 -H 'X-Canary: always' | grep -i '^Junction-Instance-Version'
				  # an order round trip: order-service checks the user, its OrderPlaced event raises the user's orderCount
				  curl -s -X POST %1$s/api/orders -H 'Content-Type: application/json' -H "Idempotency-Key: demo-$RANDOM" -d '{"userId":1,"product":"book","quantity":1}'
				  curl -s %1$s/api/users/1
				  # make v2 sick on purpose: 1 request in 10 answered 500 (marked Junction-Fault), then heal it
				  curl -s -X PUT --data '{"version":"v2","abort":{"share":0.1,"status":500}}' %2$s/v1/kv/junction/faults/sample-user-service
				  curl -s -X DELETE %2$s/v1/kv/junction/faults/sample-user-service
				  # a rollout of v2 that promotes itself (watch it in the console), with traffic to judge
				  curl -s -X PUT --data '{"canaryVersion":"v2","steps":[{"weight":10,"pause":"30s"},{"weight":50,"pause":"30s"},{"weight":100,"pause":"30s"}],"analysis":{"interval":"10s","minRequests":20}}' %2$s/v1/kv/junction/rollouts/sample-user-service
				  for i in $(seq 3000); do curl -s -o /dev/null %1$s/api/users/1; sleep 0.05; done
				  # the same with v2 made sick first: the rollout rolls back at its first step
				  curl -s -X PUT --data '{"version":"v2","abort":{"share":0.2,"status":500}}' %2$s/v1/kv/junction/faults/sample-user-service
				"""
			.formatted(gateway, consul, console);
	}

	static String relative(Path path) {
		Path cwd = Path.of("").toAbsolutePath();
		return path.startsWith(cwd) ? cwd.relativize(path).toString() : path.toString();
	}

}
