package io.github.redismem.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Proves the harness against every available Redis: what other integration tests rely on must hold here first. */
class RedisHarnessTest {

    @Test
    void embeddedBinaryIsRedis62() {
        assumeTrue(RedisBinaries.embedded().isPresent(), "the embedded binary exists only for linux-amd64");
        assertThat(RedisBinaries.embedded().orElseThrow().version()).startsWith("6.2.");
    }

    @RedisTest
    void startsAndAnswersPingWithItsVersion(RedisBinary redis) {
        try (RedisServer server = redis.start()) {
            assertThat(server.admin().ping()).isEqualTo("PONG");
            assertThat(server.admin().info("server")).contains("redis_version:" + redis.version());
            assertThat(server.uri()).isEqualTo("redis://" + server.host() + ":" + server.port());
            assertThat(server.version()).isEqualTo(redis.version());
        }
    }

    @RedisTest
    void appliesConfigLines(RedisBinary redis) {
        try (RedisServer server = redis.start("maxmemory 10mb", "hash-max-ziplist-entries 64")) {
            assertThat(server.admin().configGet("maxmemory")).containsEntry("maxmemory", "10485760");
            assertThat(server.admin().configGet("hash-max-ziplist-entries")).containsValue("64");
        }
    }

    @RedisTest
    void renamedConfigCommandIsUnknown(RedisBinary redis) {
        try (RedisServer server = redis.start("rename-command CONFIG \"\"")) {
            assertThatThrownBy(() -> server.admin().configGet("maxmemory"))
                    .isInstanceOf(RedisCommandExecutionException.class)
                    .hasMessageContaining("unknown command");
        }
    }

    @RedisTest
    void aclUserLogsInWithItsPermissions(RedisBinary redis) {
        try (RedisServer server = redis.start("user exporter on >secret ~* +@all -config")) {
            RedisURI asExporter = RedisURI.builder(uri(server, Duration.ofSeconds(5)))
                    .withAuthentication("exporter", "secret".toCharArray())
                    .build();
            withConnection(asExporter, exporter -> {
                assertThat(exporter.ping()).isEqualTo("PONG");
                assertThatThrownBy(() -> exporter.configGet("maxmemory"))
                        .isInstanceOf(RedisCommandExecutionException.class)
                        .hasMessageContaining("NOPERM");
            });
        }
    }

    @RedisTest
    void adminAuthenticatesWithRequirepass(RedisBinary redis) {
        try (RedisServer server = redis.start("requirepass hunter2")) {
            assertThat(server.admin().ping()).isEqualTo("PONG");
        }
    }

    @RedisTest
    void restartKeepsThePort(RedisBinary redis) {
        try (RedisServer server = redis.start()) {
            int port = server.port();
            server.admin().set("before-restart", "1");

            server.restart();

            assertThat(server.port()).isEqualTo(port);
            assertThat(server.admin().ping()).isEqualTo("PONG");
            assertThat(server.admin().exists("before-restart")).as("no persistence").isZero();
        }
    }

    @RedisTest
    void frozenServerTimesOutAndThawedServerAnswers(RedisBinary redis) {
        try (RedisServer server = redis.start()) {
            withConnection(uri(server, Duration.ofMillis(300)), commands -> {
                assertThat(commands.ping()).isEqualTo("PONG");

                server.freeze();
                assertThatThrownBy(commands::ping).isInstanceOf(RedisCommandTimeoutException.class);

                server.thaw();
                assertThat(commands.ping()).isEqualTo("PONG");
            });
        }
    }

    @RedisTest
    void closeKillsTheServerAndFreesItsPort(RedisBinary redis) {
        RedisServer server = redis.start();
        int port = server.port();
        Path log = server.logFile();
        Long pid = server instanceof RedisServerProcess process ? process.pid() : null;

        server.close();

        assertThat(LoopbackPorts.isFree(port)).as("port %d is free", port).isTrue();
        assertThat(log).doesNotExist();
        if (pid != null) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process %d", pid).isEmpty();
        }
    }

    @RedisTest
    void failedStartReportsTheLog(RedisBinary redis) {
        assumeTrue(!redis.label().equals("docker"), "a container reports start-up failures through Testcontainers");
        assertThatThrownBy(() -> redis.start("no-such-directive yes"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-directive");
    }

    private static RedisURI uri(RedisServer server, Duration timeout) {
        return RedisURI.builder().withHost(server.host()).withPort(server.port()).withTimeout(timeout).build();
    }

    private static void withConnection(RedisURI uri, Consumer<RedisCommands<String, String>> test) {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            test.accept(connection.sync());
        } finally {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
