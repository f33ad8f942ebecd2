package io.github.redismem.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the harness keeps its files: under Maven's {@code target/}, so {@code mvn clean} removes them. */
final class BuildDirectories {

    private BuildDirectories() {
    }

    /** The extracted embedded binaries, shared by every test JVM. */
    static Path redisBin() {
        return create(target().resolve("redis-bin"));
    }

    /** The parent of each test server's working directory. */
    static Path redisTest() {
        return create(target().resolve("redis-test"));
    }

    private static Path target() {
        // Surefire and Failsafe set "basedir"; an IDE usually runs tests from the module directory.
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target");
    }

    private static Path create(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
