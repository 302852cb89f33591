#!/usr/bin/env bash
# ./run-local.sh [options]: the whole Junction platform on this machine, for development only (--help lists the
# options). Needs a JDK 17 or newer: the logic lives in the launcher module (Java), this script only builds what is
# missing or older than its sources and hands over to it. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v java >/dev/null 2>&1; then
	echo "run-local: no 'java' on the PATH. Install a JDK 17 or newer (and put its bin/ on the PATH)." >&2
	exit 2
fi
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
if [ "${java_major%%.*}" -lt 17 ] 2>/dev/null; then
	echo "run-local: 'java' on the PATH is version $java_major; Junction needs 17 or newer." >&2
	exit 2
fi

# the modules `-pl launcher -am` builds, and the jars the launcher runs
modules=(dependencies dev-consul discovery-starter gateway-starter sample-user-service sample-order-service gateway launcher)
jars=(launcher/target/junction-launcher-*.jar sample-user-service/target/sample-user-service-*.jar
	sample-order-service/target/sample-order-service-*.jar gateway/target/junction-gateway-*.jar)

stale=""
for jar in "${jars[@]}"; do
	if [ ! -f "$jar" ]; then
		stale="$jar is missing"
		break
	fi
	# only paths that exist: the BOM module has no src/main, and find exits non-zero on a missing
	# path, which pipefail and set -e would turn into a silent exit of this script
	sources=(pom.xml)
	for module in "${modules[@]}"; do
		for path in "$module/pom.xml" "$module/src/main"; do
			[ -e "$path" ] && sources+=("$path")
		done
	done
	newer=$(find "${sources[@]}" -type f -newer "$jar" -print 2>/dev/null | head -n 1 || true)
	if [ -n "$newer" ]; then
		stale="$newer is newer than $jar"
		break
	fi
done
if [ -n "$stale" ]; then
	echo "run-local: building first ($stale): ./mvnw -q -Dmaven.test.skip=true package -pl launcher -am"
	./mvnw -q -Dmaven.test.skip=true package -pl launcher -am
fi

launcher=$(ls launcher/target/junction-launcher-*.jar)
exec java -jar "$launcher" "$@"
