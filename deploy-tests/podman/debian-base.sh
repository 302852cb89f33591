#!/usr/bin/env bash
# Makes a Java 17 base image from Debian's packages, for hosts that cannot pull from a registry: Debian 12's
# OpenJDK 17 (JDK, so it serves the Dockerfile's build stage and its runtime stage alike), curl (the compose
# healthchecks run it) and useradd. Skipped when the image exists: delete it (podman rmi TAG) to make it again.
#
#   deploy-tests/podman/debian-base.sh [TAG]      # as root, with debootstrap and podman installed (.ci/run does)
#
# DEBIAN_MIRROR points debootstrap at another mirror; CONTAINERS_CONF at podman's configuration (see containers.conf).
set -euo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

tag=${1:-localhost/junction/debian-java17:bookworm-1}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if podman image exists "$tag"; then
	echo "$tag exists: not building it again"
	exit 0
fi
for tool in debootstrap podman tar; do
	command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y debootstrap podman" >&2; exit 1; }
done

rootfs=$(mktemp -d /var/tmp/junction-base.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
started=$(date +%s)
echo "debootstrap bookworm from $mirror into $rootfs (about 2 minutes)"
debootstrap --variant=minbase --include=openjdk-17-jdk-headless,curl bookworm "$rootfs" "$mirror"
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/archives/*.deb
echo "importing $rootfs as $tag"
tar --numeric-owner -C "$rootfs" -c . | podman import \
	--change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
	--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
	--change 'CMD ["/bin/bash"]' - "$tag"
echo "$tag built in $(($(date +%s) - started)) s"
