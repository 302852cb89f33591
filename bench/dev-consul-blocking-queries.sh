#!/usr/bin/env bash
# Blocking-query benchmark of the dev Consul agent: starts the agent jar with -Xmx256m on a
# free loopback port, parks N concurrent blocking queries on it, measures how fast changes wake them, and reports
# the agent's heap, RSS and threads. Not a test; results go to bench/results/dev-consul-blocking-queries.md.
#
# Usage: bench/dev-consul-blocking-queries.sh [--waiters=1000] [--rounds=20] [--wait=5m] [--heap=256m] [--help]
set -euo pipefail
cd "$(dirname "$0")/.."

newest_jar() {
	ls -t $1 2>/dev/null | grep -v -e '-sources' -e '-javadoc' | head -n 1 || true
}

agent_jar=$(newest_jar 'dev-consul/target/junction-dev-consul-*.jar')
bench_jar=$(newest_jar 'bench/target/junction-bench-*.jar')

# Build what is missing or older than its sources.
stale=no
if [[ -z "$agent_jar" || -z "$bench_jar" ]]; then
	stale=yes
elif [[ -n "$(find dev-consul/src/main dev-consul/pom.xml -newer "$agent_jar" -type f 2>/dev/null | head -n 1)" ||
	-n "$(find bench/src/main bench/pom.xml -newer "$bench_jar" -type f 2>/dev/null | head -n 1)" ]]; then
	stale=yes
fi
if [[ "$stale" == yes ]]; then
	echo "[bench] building the agent and the benchmark: ./mvnw -q -pl bench -am package -DskipTests -Dspring-javaformat.skip=true"
	# formatting is enforced by the real build (./mvnw verify); a benchmark only needs the binaries
	./mvnw -q -pl bench -am package -DskipTests -Dspring-javaformat.skip=true
	agent_jar=$(newest_jar 'dev-consul/target/junction-dev-consul-*.jar')
	bench_jar=$(newest_jar 'bench/target/junction-bench-*.jar')
fi
if [[ -z "$agent_jar" || -z "$bench_jar" ]]; then
	echo "[bench] the build produced no agent or benchmark jar; run ./mvnw -pl bench -am package -DskipTests and read its errors" >&2
	exit 1
fi

java_cmd=java
if [[ -n "${JAVA_HOME:-}" ]]; then
	java_cmd="$JAVA_HOME/bin/java"
fi
echo "[bench] agent: $agent_jar"
# -Xmx for the client only: 1000 open connections need little
exec "$java_cmd" -Xmx512m -cp "$bench_jar:bench/target/lib/*" dev.junction.bench.devconsul.BlockingQueryBench \
	--agent-jar="$agent_jar" "$@"
