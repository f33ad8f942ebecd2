package io.github.redismem.testing;

import io.lettuce.core.api.sync.RedisCommands;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} child process on a free loopback port, with its own working directory under
 * {@code target/redis-test/}, no persistence, and the config lines of the test.
 */
public final class RedisServerProcess implements RedisServer {

    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int START_ATTEMPTS = 5;
    private static final int LOG_TAIL_LINES = 40;

    private final Path binary;
    private final String version;
    private final ServerConfig config;
    private final Path dir;
    private final Path logFile;
    private final boolean tls;
    private final boolean sentinel;
    private final int port;
    private int tlsPort;
    private final AdminConnection admin;
    private Process process;
    private boolean frozen;

    private RedisServerProcess(Path binary, String version, ServerConfig config, boolean tls, boolean sentinel) {
        this.binary = binary;
        this.version = version;
        this.config = config;
        this.tls = tls;
        this.sentinel = sentinel;
        try {
            this.dir = Files.createTempDirectory(BuildDirectories.redisTest(), "redis-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a working directory for redis-server", e);
        }
        this.logFile = dir.resolve("redis.log");
        try {
            this.port = launchOnSomeFreePort();
        } catch (RuntimeException e) {
            // The exception already carries the log's tail; nothing else in the directory is worth keeping.
            deleteRecursively(dir);
            throw e;
        }
        this.admin = new AdminConnection(HOST, port, config.requirePass());
    }

    /**
     * Starts {@code binary} and waits until it answers PING.
     *
     * @param binary a {@code redis-server} executable
     * @param version its version, as reported by {@code --version}
     * @param configLines {@code redis.conf} lines, e.g. {@code "maxmemory 100mb"}
     * @throws IllegalStateException if it does not become ready within 10 s; the message holds its log's tail
     */
    public static RedisServerProcess start(Path binary, String version, String... configLines) {
        return new RedisServerProcess(binary, version, new ServerConfig(configLines), false, false);
    }

    /**
     * As {@link #start}, and also listening for TLS on {@link #tlsPort()}; the plain port stays open for
     * {@link #admin()} and the readiness check. The config lines must name the server's files
     * ({@code tls-cert-file}, {@code tls-key-file}, {@code tls-ca-cert-file}) and may set {@code tls-auth-clients}.
     * The binary must be built with TLS (Debian's is).
     */
    public static RedisServerProcess startWithTls(Path binary, String version, String... configLines) {
        return new RedisServerProcess(binary, version, new ServerConfig(configLines), true, false);
    }

    /**
     * As {@link #start}, in Sentinel mode ({@code redis-server --sentinel}, what Debian's redis-sentinel runs): the
     * config lines are {@code sentinel monitor ...} and the like. Sentinel rewrites its config file, which stays in
     * the server's own directory.
     */
    public static RedisServerProcess startSentinel(Path binary, String version, String... configLines) {
        return new RedisServerProcess(binary, version, new ServerConfig(configLines), false, true);
    }

    /**
     * As {@link #startSentinel}, also listening for TLS on {@link #tlsPort()}, as {@link #startWithTls}: the config
     * lines name the TLS files, and {@code tls-replication yes} where the monitored nodes speak TLS only.
     */
    public static RedisServerProcess startSentinelWithTls(Path binary, String version, String... configLines) {
        return new RedisServerProcess(binary, version, new ServerConfig(configLines), true, true);
    }

    /** The TLS port of a server from {@link #startWithTls}; it stays the same across {@link #restart()}. */
    public int tlsPort() {
        if (!tls) {
            throw new IllegalStateException("started without TLS");
        }
        return tlsPort;
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String version() {
        return version;
    }

    /** The OS process id of the running server, e.g. to check that it is gone. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("redis-server on port " + port + " is not running");
        }
        return process.pid();
    }

    @Override
    public RedisCommands<String, String> admin() {
        return admin.commands();
    }

    @Override
    public synchronized void stop() {
        admin.close();
        if (process == null) {
            return;
        }
        if (frozen && process.isAlive()) {
            // A stopped process does not act on SIGTERM until it is continued.
            thaw();
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        ProcessReaper.unregister(process);
        process = null;
        frozen = false;
    }

    /** kill -9: the process ends at once, without saving or closing its clients' connections politely. */
    public synchronized void kill() {
        admin.close();
        if (process == null) {
            return;
        }
        signal("KILL");
        try {
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ProcessReaper.unregister(process);
        process = null;
        frozen = false;
    }

    @Override
    public synchronized void restart() {
        stop();
        // The port was just released, but something else may grab it for a moment (or, rarely, keep it).
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            if (launch(port)) {
                return;
            }
            sleep(Duration.ofMillis(200L * attempt));
        }
        throw new IllegalStateException("redis-server could not bind port " + port + " again on restart" + logTail());
    }

    @Override
    public synchronized void freeze() {
        signal("STOP");
        frozen = true;
    }

    @Override
    public synchronized void thaw() {
        signal("CONT");
        frozen = false;
    }

    @Override
    public Path logFile() {
        return logFile;
    }

    @Override
    public synchronized void close() {
        stop();
        deleteRecursively(dir);
    }

    @Override
    public String toString() {
        return "redis-server " + version + " on " + uri() + " (" + binary + ")";
    }

    private int launchOnSomeFreePort() {
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int candidate = LoopbackPorts.pickFree();
            tlsPort = 0;
            while (tls && (tlsPort == 0 || tlsPort == candidate)) {
                tlsPort = LoopbackPorts.pickFree();
            }
            if (launch(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("redis-server found no free port in " + START_ATTEMPTS + " attempts");
    }

    /**
     * Starts the process on {@code onPort} and waits until it answers.
     *
     * @return false if the port was taken, so the caller may retry
     */
    private boolean launch(int onPort) {
        Path confFile = dir.resolve("redis.conf");
        long logStart;
        try {
            Files.writeString(confFile, config.render(HOST, onPort, tlsPort, dir.toAbsolutePath().toString()));
            logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
            List<String> command = new java.util.ArrayList<>(List.of(binary.toString(), confFile.toString()));
            if (sentinel) {
                command.add("--sentinel");
            }
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    // Appending keeps the log of the first run after a restart, which helps when a restart fails.
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        ProcessReaper.register(process);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                ProcessReaper.unregister(process);
                process = null;
                if (logSince(logStart).contains("Address already in use")) {
                    return false;
                }
                throw new IllegalStateException("redis-server exited during start-up" + logTail());
            }
            if (answersPing(onPort)) {
                return true;
            }
            sleep(Duration.ofMillis(20));
        }
        process.destroyForcibly();
        ProcessReaper.unregister(process);
        process = null;
        throw new IllegalStateException(
                "redis-server did not answer PING on port " + onPort + " within " + READY_TIMEOUT + logTail());
    }

    /**
     * Whether something on {@code onPort} answers a PING. Raw RESP rather than Lettuce, because this runs many times
     * per start and a refused connection must cost nothing. {@code -NOAUTH} counts: the server is up.
     */
    private static boolean answersPing(int onPort) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, onPort), 200);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return reply != null && (reply.startsWith("+") || reply.startsWith("-")) && !reply.startsWith("-LOADING");
        } catch (IOException e) {
            return false;
        }
    }

    private void signal(String name) {
        long pid = pid();
        try {
            // The JDK can only send SIGTERM and SIGKILL, so ask kill(1) for the others.
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + name, e);
        }
    }

    private String logSince(long offset) {
        return ServiceProcess.logSince(logFile, offset);
    }

    private String logTail() {
        List<String> lines = logSince(0).lines().toList();
        List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
        return "; last lines of its log:\n" + String.join("\n", tail);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
