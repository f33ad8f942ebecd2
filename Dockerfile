# syntax=docker/dockerfile:1
# redis-memory-exporter container image.
#   docker build -t redis-memory-exporter --build-arg REVISION="$(git rev-parse --short=12 HEAD)" .
#   docker run --read-only -p 19121:19121 redis-memory-exporter --redis.addr=redis://redis:6379
# Settings come from flags, environment variables (REDIS_ADDR, REDIS_PASSWORD_FILE, ...) or a mounted
# --config.file; nothing is baked in. docs/kubernetes.md has the Helm chart and the sidecar recipes.

FROM eclipse-temurin:17-jdk-noble AS build
ARG REVISION=unknown
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml README.md ./
COPY config/ config/
COPY docs/ docs/
COPY src/ src/
# the Maven repository lives in a BuildKit cache, so rebuilds after a source change download nothing again
RUN --mount=type=cache,target=/root/.m2 GIT_REVISION="${REVISION}" ./mvnw -q -B package -DskipTests

FROM eclipse-temurin:17-jre-noble
ARG VERSION=0.1.0-SNAPSHOT
ARG REVISION=unknown
LABEL org.opencontainers.image.title="redis-memory-exporter" \
      org.opencontainers.image.description="Prometheus exporter that shows where Redis memory goes" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="https://github.com/redis-memory-exporter/redis-memory-exporter" \
      org.opencontainers.image.licenses="Apache-2.0"
COPY --from=build /src/target/redis-memory-exporter.jar /opt/redis-memory-exporter/lib/redis-memory-exporter.jar
# The footprint settings of docs/benchmarks.md (about 100 MiB RSS); override JAVA_TOOL_OPTIONS to change them.
# -XX:-UsePerfData keeps the JVM from writing /tmp/hsperfdata, so a read-only root filesystem needs no volume.
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xmx48m -XX:NewRatio=1 -XX:SurvivorRatio=4 -Xss512k -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=24m -XX:MaxMetaspaceSize=48m -XX:TrimNativeHeapInterval=2000 -XX:-UsePerfData -XX:+ExitOnOutOfMemoryError" \
    MALLOC_ARENA_MAX=2
USER 10001:10001
EXPOSE 19121
ENTRYPOINT ["java", "-jar", "/opt/redis-memory-exporter/lib/redis-memory-exporter.jar"]
CMD ["--web.listen-address=:19121"]
