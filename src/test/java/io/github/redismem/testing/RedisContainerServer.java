package io.github.redismem.testing;

import io.lettuce.core.api.sync.RedisCommands;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Redis server in a Docker container, for machines that have Docker but no {@code redis-server}.
 *
 * <p>Written against the Testcontainers API but never run where it was written (no Docker engine there), so it is
 * kept minimal; the local {@link RedisServerProcess} is the reference implementation. The host port is chosen up
 * front and bound explicitly, so that {@link #restart()}, which creates a new container, keeps it. That assumes the
 * Docker engine runs on this machine, as with Docker Desktop or a local daemon.
 */
public final class RedisContainerServer implements RedisServer {

    private static final int REDIS_PORT = 6379;
    private static final String CONF_PATH = "/usr/local/etc/redis/redis.conf";

    private final String version;
    private final int hostPort;
    private final Path dir;
    private final FixedPortContainer container;
    private final AdminConnection admin;

    private RedisContainerServer(String image, String version, ServerConfig config) {
        this.version = version;
        this.hostPort = LoopbackPorts.pickFree();
        try {
            this.dir = Files.createTempDirectory(BuildDirectories.redisTest(), "redis-docker-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a working directory for the Redis container", e);
        }
        // Inside the container Redis must listen on all interfaces for Docker's port forwarding to reach it.
        String conf = config.render("0.0.0.0", REDIS_PORT, "/data") + "protected-mode no\n";
        this.container = new FixedPortContainer(DockerImageName.parse(image), hostPort);
        container.withCopyToContainer(Transferable.of(conf), CONF_PATH)
                .withCommand("redis-server", CONF_PATH)
                // Redis logs this at notice level, so a test config with "loglevel warning" would time out here.
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1))
                .withStartupTimeout(Duration.ofSeconds(60));
        container.start();
        this.admin = new AdminConnection(host(), hostPort, config.requirePass());
    }

    /** Starts {@code image} (e.g. {@code redis:7.0}) with {@code configLines} and waits until it is ready. */
    public static RedisContainerServer start(String image, String version, String... configLines) {
        return new RedisContainerServer(image, version, new ServerConfig(configLines));
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return hostPort;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public RedisCommands<String, String> admin() {
        return admin.commands();
    }

    @Override
    public synchronized void stop() {
        admin.close();
        if (container.isRunning()) {
            saveLog();
            container.stop();
        }
    }

    @Override
    public synchronized void restart() {
        stop();
        container.start();
    }

    @Override
    public void freeze() {
        DockerClientFactory.instance().client().pauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public void thaw() {
        DockerClientFactory.instance().client().unpauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public synchronized Path logFile() {
        if (container.isRunning()) {
            saveLog();
        }
        return dir.resolve("redis.log");
    }

    @Override
    public synchronized void close() {
        stop();
        try {
            Files.deleteIfExists(dir.resolve("redis.log"));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /** Container logs vanish with the container, so copy them out before each stop. */
    private void saveLog() {
        try {
            Files.writeString(dir.resolve("redis.log"), container.getLogs());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Redis container log to " + dir, e);
        }
    }

    /** Exposes the protected fixed-port binding, which the public API only offers through a deprecated subclass. */
    private static final class FixedPortContainer extends GenericContainer<FixedPortContainer> {

        FixedPortContainer(DockerImageName image, int hostPort) {
            super(image);
            addFixedExposedPort(hostPort, REDIS_PORT);
        }
    }
}
