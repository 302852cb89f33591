#!/usr/bin/env bash
# The Junction benchmark suite (G1-G4, S1, S2, D1, D2, R1, D3-D5, O1, B1, A1-A5, C1, P1, L1, L2, M1, M2, F1): installs what it needs
# (wrk and nginx from Debian's packages, RabbitMQ PerfTest from Maven Central through the build), builds what is
# missing, runs the scenarios on 127.0.0.1 with progress output, and writes bench/RESULTS.md plus PNG charts in
# bench/charts/.
#
# Usage: bench/run.sh [--quick] [--only=G1,D1,...] [--help]
#   --quick   the fault scenarios (D1, R1, F1) in their short correctness mode, as ./mvnw verify runs them;
#             its report goes to bench/target/quick-report/RESULTS.md
#   --only    run only these scenario ids, keeping the other figures of the last run (D2 is measured during R1,
#             M1 and M2 run together); the gray-failure ones (D3, D4, D5, O1, B1) run each fault on the Junction
#             gateway and on plain Spring Cloud (Gateway + LoadBalancer + Consul discovery) side by side; the
#             rollout ones (A1-A5) run a v2 rollout through two gateway replicas, one of them killed in A4
#
# Needs the local PostgreSQL (5432), Redis (6379) and RabbitMQ (5672, with rabbitmqctl) of the README's Testing
# section. The full suite takes about 80 minutes on 2 cores; it never runs in CI.
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")/.."

quick=no
only=""
for arg in "$@"; do
	case "$arg" in
		--quick) quick=yes ;;
		--only=*) only="${arg#--only=}" ;;
		--help | -h)
			sed -n '2,16p' "$self" | sed 's/^# \{0,1\}//'
			exit 0
			;;
		*)
			echo "[bench] unknown option $arg (see bench/run.sh --help)" >&2
			exit 2
			;;
	esac
done

log() { echo "[bench] $(date +%H:%M:%S) $*"; }

# 1. tools from Debian's packages
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
if [[ "$quick" == no && ${#missing[@]} -gt 0 ]]; then
	sudo=""
	[[ $(id -u) -ne 0 ]] && sudo="sudo"
	log "installing ${missing[*]}: $sudo apt-get install -y --no-install-recommends ${missing[*]}"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# 2. the apps and the bench module (PerfTest comes with the bench module's dependencies, into bench/target/lib)
newest() { ls -t $1 2>/dev/null | grep -v -e '-sources' -e '-javadoc' -e '\.original$' | head -n 1 || true; }
stale=no
for jar in 'gateway/target/junction-gateway-*.jar' 'sample-user-service/target/sample-user-service-*.jar' \
	'sample-order-service/target/sample-order-service-*.jar' 'bench/target/junction-bench-*.jar'; do
	[[ -z "$(newest "$jar")" ]] && stale=yes
done
if [[ "$stale" == yes || ! -d bench/target/lib ]]; then
	log "building the apps and the bench module: ./mvnw -q -pl bench -am install -DskipTests"
	./mvnw -q -pl bench -am install -DskipTests
fi

# 3. the scenarios (failsafe in the bench module), their figures in bench/target/bench-results: a run of the whole
# suite starts afresh, --only replaces the figures of the scenarios it names and keeps the others
results=bench/target/bench-results
out=bench
if [[ "$quick" == yes ]]; then
	# the quick mode's report never replaces the full suite's bench/RESULTS.md
	results=bench/target/bench-results-quick
	out=bench/target/quick-report
fi
[[ -z "$only" ]] && rm -rf "$results"
# jars of an earlier build would stay next to the current ones on the scenarios' child classpaths
rm -rf bench/target/lib bench/target/lib-messaging bench/target/lib-plain-cloud bench/target/lib-servlet \
	bench/target/lib-scg-equivalents
if [[ "$quick" == yes ]]; then
	groups="${only:-quick}"
	mode=quick
else
	groups="${only:-G1,G2,G3,G4,S1,S2,D1,R1,D3,D4,D5,O1,B1,A1,A2,A3,A4,A5,C1,P1,L1,L2,M1,M2,F1}"
	mode=full
fi
log "running the scenarios ($mode mode, groups $groups); each app's log goes to bench/target/process-logs/"
status=0
./mvnw -pl bench verify -Djunction.bench.quick=$([[ "$mode" == quick ]] && echo true || echo false) \
	-Djunction.bench.groups="$groups" -Dfailsafe.failIfNoSpecifiedTests=false -Dsurefire.failIfNoSpecifiedTests=false \
	|| status=$?
[[ $status -ne 0 ]] && log "some scenario failed (exit $status): the report below shows what was measured; see above"

# 4. the report
java_cmd=java
[[ -n "${JAVA_HOME:-}" ]] && java_cmd="$JAVA_HOME/bin/java"
"$java_cmd" -Djava.awt.headless=true -cp "$(newest 'bench/target/junction-bench-*.jar'):bench/target/lib/*" \
	dev.junction.bench.report.ResultsReport --results="$results" --out="$out" --mode=$mode
log "done: $out/RESULTS.md"
exit $status
