package io.github.redismem.testing;

import io.lettuce.core.api.sync.RedisCommands;

import java.nio.file.Path;

/**
 * A throwaway Redis server started for one test; close it with try-with-resources.
 *
 * <p>Implemented by a local process ({@link RedisServerProcess}) and, where no local binary exists but Docker does, by
 * a container ({@link RedisContainerServer}). Tests should not care which.
 */
public interface RedisServer extends AutoCloseable {

    /** Host to connect to (a loopback address for a local process). */
    String host();

    /** TCP port; it stays the same across {@link #restart()}. */
    int port();

    /** {@code redis://host:port}, without credentials. */
    default String uri() {
        return "redis://" + host() + ":" + port();
    }

    /** The server's version, as in {@code 7.0.15} ({@code 7.0} for a container image tag). */
    String version();

    /** Whether the server is {@code major.minor} or newer, for tests of version-dependent behaviour. */
    default boolean atLeast(int major, int minor) {
        return RedisVersion.parse(version()).atLeast(major, minor);
    }

    /**
     * A synchronous connection as the default user for setting up test data, opened on first use.
     * If the test's config has a {@code requirepass} line, it authenticates with that password.
     * Reopened after {@link #restart()}.
     */
    RedisCommands<String, String> admin();

    /** Stops the server and waits until it has exited; closes the {@link #admin()} connection. */
    void stop();

    /** Starts the server again on the same port with the same config, and waits until it answers. */
    void restart();

    /** Suspends the server so that it accepts connections but answers nothing, like a hung Redis. */
    void freeze();

    /** Resumes a server suspended by {@link #freeze()}; commands sent meanwhile are then answered. */
    void thaw();

    /** The server's log (stdout and stderr), for diagnosing a failing test. */
    Path logFile();

    /** Stops the server and deletes its working directory. */
    @Override
    void close();
}
