package io.github.redismem.testing;

import java.nio.file.Path;

/**
 * One Redis version that integration tests run against; {@link RedisTest} methods receive each available one in turn.
 * Start the server a test needs with try-with-resources:
 *
 * <pre>{@code
 * @RedisTest
 * void reportsMaxmemory(RedisBinary redis) {
 *     try (RedisServer server = redis.start("maxmemory 100mb")) {
 *         ...
 *     }
 * }
 * }</pre>
 */
public interface RedisBinary {

    /** The version, as in {@code 7.0.15} ({@code 7.0} for a container image tag). */
    String version();

    /** Where it comes from: {@code system}, {@code embedded} or {@code docker}. */
    String label();

    /**
     * Starts a fresh server and waits until it answers PING.
     *
     * @param configLines {@code redis.conf} lines applied after the harness's own, e.g. {@code "maxmemory 100mb"},
     *     {@code "rename-command CONFIG \"\""}, {@code "user exporter on >secret ~* +@all -config"}
     */
    RedisServer start(String... configLines);

    /** Whether this is Redis {@code major.minor} or newer, e.g. to skip a test of a command that 6.2 lacks. */
    default boolean atLeast(int major, int minor) {
        return RedisVersion.parse(version()).atLeast(major, minor);
    }

    /** A {@code redis-server} executable on this machine. */
    record Executable(String label, Path path, String version) implements RedisBinary {

        @Override
        public RedisServer start(String... configLines) {
            return RedisServerProcess.start(path, version, configLines);
        }
    }

    /** A Docker image run through Testcontainers; {@code version} is the image tag. */
    record DockerImage(String image, String version) implements RedisBinary {

        @Override
        public String label() {
            return "docker";
        }

        @Override
        public RedisServer start(String... configLines) {
            return RedisContainerServer.start(image, version, configLines);
        }
    }
}
