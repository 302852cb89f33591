#!/usr/bin/env bash
# Makes the Java 25 runtime base image the images are built on here, for hosts that cannot pull eclipse-temurin:25
# from a registry: the Java 17 base of debian-base.sh (curl, useradd) plus this host's Temurin 25 JDK, copied in at
# /opt/temurin-25 and first on the PATH. Skipped when the image exists: delete it (podman rmi TAG) to make it again.
#
#   deploy-tests/podman/temurin25-base.sh TAG BASE_TAG [JDK]    # as root; JDK defaults to $TEMURIN_25, then
#                                                               # /usr/lib/jvm/temurin-25-jdk-amd64
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

tag=${1:?the tag to make, such as localhost/junction/debian-temurin25:bookworm-1}
base=${2:?the Java 17 base it starts from (debian-base.sh makes it)}
jdk=${3:-${TEMURIN_25:-/usr/lib/jvm/temurin-25-jdk-amd64}}

if podman image exists "$tag"; then
	echo "$tag exists: not building it again"
	exit 0
fi
if [[ ! -x "$jdk/bin/java" ]] || ! "$jdk/bin/java" -version 2>&1 | grep -q 'version "25'; then
	echo "No Java 25 JDK at $jdk: install Temurin 25 there, or name it (TEMURIN_25=/path, or the third argument)" >&2
	exit 1
fi
podman image exists "$base" || { echo "$base is missing: make it first with deploy-tests/podman/debian-base.sh" >&2; exit 1; }

context=$(mktemp -d /var/tmp/junction-temurin25.XXXXXX)
trap 'rm -rf "$context"' EXIT
cat > "$context/Containerfile" <<CONTAINERFILE
FROM $base
RUN cp -a /mnt/temurin-25 /opt/temurin-25 && rm -rf /opt/temurin-25/lib/src.zip /opt/temurin-25/jmods \
	&& /opt/temurin-25/bin/java -version
ENV JAVA_HOME=/opt/temurin-25
ENV PATH=/opt/temurin-25/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CONTAINERFILE
started=$(date +%s)
echo "building $tag: $base with the JDK of $jdk"
podman build --network none --volume "$jdk:/mnt/temurin-25:ro" --tag "$tag" "$context"
echo "$tag built in $(($(date +%s) - started)) s"
