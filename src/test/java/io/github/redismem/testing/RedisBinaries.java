package io.github.redismem.testing;

import org.testcontainers.DockerClientFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds the Redis versions to test against.
 *
 * <ul>
 *   <li>{@code system}: {@code $REDIS_SERVER_BIN}, else {@code redis-server} on the {@code PATH}
 *       (Debian's 7.0 on CI).</li>
 *   <li>{@code embedded}: the Redis 6.2 linux-amd64 binary shipped as a resource by the {@code embedded-redis} jar.</li>
 *   <li>{@code docker}: {@code redis:7.0} through Testcontainers, only when there is no system binary and a Docker
 *       engine answers, so a developer without a local Redis still tests a 7.x.</li>
 * </ul>
 *
 * <p>With {@code CI=true} a missing system binary is an error: CI must cover both 7.0 and 6.2, and silently testing
 * one version would hide that. {@code REDIS_TEST_ONLY=system|embedded|docker} (system property or environment
 * variable) restricts the run to one of them, e.g. for a CI matrix; then only a missing {@code system} is an error.
 */
public final class RedisBinaries {

    static final String EMBEDDED_RESOURCE = "redis-server-6.2.6-v5-linux-amd64";
    static final String DOCKER_IMAGE = "redis:7.0";
    private static final long VERSION_TIMEOUT_SECONDS = 10;

    // Discovery runs a process and extracts a 10 MB file, so it happens once per JVM; these are the results.
    private static Optional<RedisBinary> system;
    private static Optional<RedisBinary> embedded;
    private static Optional<RedisBinary> docker;

    private RedisBinaries() {
    }

    /**
     * Every binary the tests should run against, system first.
     *
     * @throws IllegalStateException on CI without a system binary, or when {@code REDIS_TEST_ONLY} leaves nothing
     */
    public static List<RedisBinary> all() {
        String only = setting("REDIS_TEST_ONLY");
        boolean restricted = only != null && !only.isBlank();
        Optional<RedisBinary> sys = system();
        if (sys.isEmpty() && isCi() && (!restricted || only.strip().equalsIgnoreCase("system"))) {
            throw new IllegalStateException("CI=true but no system redis-server was found (checked $REDIS_SERVER_BIN"
                    + " and redis-server on the PATH). CI must test Redis 7.0 as well as the embedded 6.2:"
                    + " install it (apt-get install redis-server) or set REDIS_SERVER_BIN.");
        }
        List<RedisBinary> found = new ArrayList<>();
        sys.ifPresent(found::add);
        embedded().ifPresent(found::add);
        if (sys.isEmpty() || restricted && only.strip().equalsIgnoreCase("docker")) {
            docker().ifPresent(found::add);
        }
        if (!restricted) {
            return List.copyOf(found);
        }
        List<RedisBinary> selected = found.stream().filter(b -> b.label().equalsIgnoreCase(only.strip())).toList();
        if (selected.isEmpty()) {
            throw new IllegalStateException("REDIS_TEST_ONLY=" + only + " but the available Redis binaries are "
                    + found.stream().map(b -> b.label() + " " + b.version()).toList());
        }
        return selected;
    }

    /**
     * The system {@code redis-server}: {@code $REDIS_SERVER_BIN} if set (it must then be executable), else the first
     * {@code redis-server} on the {@code PATH}.
     */
    public static synchronized Optional<RedisBinary> system() {
        if (system == null) {
            system = findSystemBinary().map(path -> new RedisBinary.Executable("system", path, versionOf(path)));
        }
        return system;
    }

    /**
     * The system {@code redis-server} (Debian's 7.0) for a test that needs it: one that needs TLS (the embedded one
     * is built without), or one run on a single version to keep the suite's time. CI=true fails without it,
     * elsewhere the test is skipped, saying why.
     */
    public static RedisBinary.Executable required() {
        Optional<RedisBinary> found = system();
        if (found.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("no system redis-server: CI must run this test (apt-get install redis-server)");
            }
            org.junit.jupiter.api.Assumptions.abort("no system redis-server on this machine; CI runs this test");
        }
        return (RedisBinary.Executable) found.get();
    }

    /** The system {@code redis-server} for a test that needs TLS: {@link #required()}. */
    public static RedisBinary.Executable systemWithTls() {
        return required();
    }

    /** The embedded Redis 6.2, extracted to {@code target/redis-bin/}; empty on platforms other than linux-amd64. */
    public static synchronized Optional<RedisBinary> embedded() {
        if (embedded == null) {
            embedded = isLinuxAmd64()
                    ? Optional.of(extractEmbedded()).map(p -> new RedisBinary.Executable("embedded", p, versionOf(p)))
                    : Optional.empty();
        }
        return embedded;
    }

    /** {@code redis:7.0} through Testcontainers, if a Docker engine is reachable. */
    public static synchronized Optional<RedisBinary> docker() {
        if (docker == null) {
            docker = DockerClientFactory.instance().isDockerAvailable()
                    ? Optional.of(new RedisBinary.DockerImage(DOCKER_IMAGE, DOCKER_IMAGE.substring("redis:".length())))
                    : Optional.empty();
        }
        return docker;
    }

    private static Optional<Path> findSystemBinary() {
        String configured = System.getenv("REDIS_SERVER_BIN");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException("REDIS_SERVER_BIN=" + configured + " is not an executable file");
            }
            return Optional.of(path);
        }
        String searchPath = System.getenv("PATH");
        if (searchPath == null) {
            return Optional.empty();
        }
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "redis-server");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Copies the resource to {@code target/redis-bin/}, unless a file of the same size is already there. Writes a
     * temporary file and renames it, so that a parallel test JVM never executes a half-written binary.
     */
    private static Path extractEmbedded() {
        URL resource = RedisBinaries.class.getClassLoader().getResource(EMBEDDED_RESOURCE);
        if (resource == null) {
            throw new IllegalStateException("resource " + EMBEDDED_RESOURCE + " is not on the test classpath;"
                    + " it comes from com.github.codemonstur:embedded-redis");
        }
        Path dir = BuildDirectories.redisBin();
        Path target = dir.resolve(EMBEDDED_RESOURCE);
        try {
            URLConnection connection = resource.openConnection();
            long size = connection.getContentLengthLong();
            if (size > 0 && Files.isRegularFile(target) && Files.size(target) == size && Files.isExecutable(target)) {
                return target;
            }
            Path temp = Files.createTempFile(dir, EMBEDDED_RESOURCE, ".tmp");
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + EMBEDDED_RESOURCE + " to " + dir, e);
        }
    }

    /** Runs {@code <binary> --version} and parses its {@code v=7.0.15}. */
    private static String versionOf(Path binary) {
        Path output = null;
        try {
            // Output to a file rather than a pipe, so that a binary that hangs cannot block the read past the timeout.
            output = Files.createTempFile(BuildDirectories.redisBin(), "version", ".txt");
            Process process = new ProcessBuilder(binary.toString(), "--version")
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(VERSION_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(binary + " --version did not finish in " + VERSION_TIMEOUT_SECONDS + " s");
            }
            return RedisVersion.fromVersionOutput(Files.readString(output)).toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + binary + " --version", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + binary + " --version", e);
        } finally {
            deleteQuietly(output);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // Only a leftover in target/, which mvn clean removes.
            }
        }
    }

    private static boolean isLinuxAmd64() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    private static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** A system property, else the environment variable of the same name. */
    private static String setting(String name) {
        String value = System.getProperty(name);
        return value != null ? value : System.getenv(name);
    }
}
