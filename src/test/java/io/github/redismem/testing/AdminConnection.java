package io.github.redismem.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The lazily opened Lettuce connection behind {@link RedisServer#admin()}; closed and reopened around restarts. */
final class AdminConnection {

    // Long enough for a slow CI machine, short enough that a mistake in a test does not hang the build.
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String host;
    private final int port;
    private final String password;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    /** {@code password} is null when the server has no {@code requirepass}. */
    AdminConnection(String host, int port, String password) {
        this.host = host;
        this.port = port;
        this.password = password;
    }

    synchronized RedisCommands<String, String> commands() {
        if (connection == null) {
            RedisURI.Builder uri = RedisURI.builder().withHost(host).withPort(port).withTimeout(TIMEOUT);
            if (password != null) {
                uri.withPassword(password.toCharArray());
            }
            client = RedisClient.create(uri.build());
            connection = client.connect();
        }
        return connection.sync();
    }

    synchronized void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
        if (client != null) {
            // No quiet period: nothing else uses this client, and the default one would add seconds per test.
            client.shutdown(0, 2, TimeUnit.SECONDS);
            client = null;
        }
    }
}
