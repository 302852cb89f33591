# One Dockerfile for every Junction app; the module is a build argument and the build context is the repository root:
#
#   docker build --build-arg MODULE=gateway              -t junction/gateway:0.1.0 .
#   docker build --build-arg MODULE=sample-user-service  -t junction/sample-user-service:0.1.0 .
#   docker build --build-arg MODULE=sample-order-service -t junction/sample-order-service:0.1.0 .
#
# (docker compose builds all three with the same arguments.) The build stage packages the module with the modules it
# depends on and splits Boot's layered jar into its layers; the runtime stage copies the layers from the least to the
# most often changing, so a code change rebuilds only the last layers.
#
# Start-up: the runtime stage ends with a training run, as Spring Boot's documentation shows: the app starts with
# docker/cds/training.properties (no server is reached) and exits once its context has refreshed. On the default Java
# 25 runtime the JVM then writes an AOT cache (application.aot: the classes it loaded, already linked, and the profiles
# of its methods; JEP 483 and 515); on a Java 17 runtime a class data sharing (CDS) archive (application.jsa). Every
# start maps it instead of loading, verifying and linking those classes again (bench S1b). archive.args holds the one
# JVM option that names it, which the ENTRYPOINT reads (java @archive.args). The archive belongs to this image's JVM and
# jars, so it is made here, in the image, and rebuilt with the application layer.
#
# The base images are build arguments too, for hosts that cannot pull from a registry (deploy-tests builds both from
# Debian's packages): --build-arg BUILD_IMAGE=<a JDK 17 image> --build-arg RUNTIME_IMAGE=<a Java 17 or 25 image with curl>.
# The runtime image needs curl (the compose healthchecks run it) and useradd.

ARG BUILD_IMAGE=eclipse-temurin:17.0.20_8-jdk-noble
ARG RUNTIME_IMAGE=eclipse-temurin:25.0.3_9-jre-noble

FROM ${BUILD_IMAGE} AS build
ARG MODULE
WORKDIR /workspace
COPY . .
RUN test -n "${MODULE}" || { echo "Name the app to build: docker build --build-arg MODULE=<gateway|sample-user-service|sample-order-service> ." >&2; exit 1; }
# Maven's repository (and the wrapper's Maven) in a cache that outlives the build: a second image build downloads
# nothing it already has
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -pl "${MODULE}" -am package -Dmaven.test.skip=true
RUN java -Djarmode=tools -jar "${MODULE}"/target/*.jar extract --layers --destination /layers \
	--application-filename application.jar

FROM ${RUNTIME_IMAGE}
# a numeric, non-root user, so Kubernetes' runAsNonRoot can check it
RUN groupadd --system --gid 10001 junction \
	&& useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /app --shell /usr/sbin/nologin junction
WORKDIR /app
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
# Java 25 and later write an AOT cache in one training run (-XX:AOTCacheOutput); Java 17 a CDS archive. The same
# --enable-native-access as every start (Netty loads its native transport), so that the archive fits the starts.
RUN --mount=type=bind,source=docker/cds/training.properties,target=/tmp/cds-training.properties \
	if java -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q ' AOTCacheOutput '; then \
		archive=application.aot record=-XX:AOTCacheOutput=application.aot use=-XX:AOTCache=application.aot; \
	else \
		archive=application.jsa record=-XX:ArchiveClassesAtExit=application.jsa use=-XX:SharedArchiveFile=application.jsa; \
	fi \
	&& mkdir /tmp/cds-training && java "$record" --enable-native-access=ALL-UNNAMED -XX:-UsePerfData \
	-Djava.io.tmpdir=/tmp/cds-training \
	-Dspring.context.exit=onRefresh -jar application.jar \
	--spring.config.additional-location=file:/tmp/cds-training.properties \
	&& test -s "$archive" && printf '%s\n' "$use" > archive.args && rm -rf /tmp/cds-training
USER 10001:10001
# the heap follows the container's memory limit; metaspace, threads and buffers need the rest
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=65 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "@archive.args", "-jar", "application.jar"]
