package io.github.redismem;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redismem.cli.Exporter;
import io.github.redismem.testing.RedisBinary;
import io.github.redismem.testing.RedisServer;
import io.github.redismem.testing.RedisTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;

/** redis.passwordFile rotated under a running exporter: the next scrape reconnects with what the file now says. */
class CredentialRotationIT {
  @TempDir
  Path dir;

  @RedisTest
  void aChangedPasswordFileIsUsedAtTheNextScrape(RedisBinary binary) throws IOException {
    Path file = dir.resolve("password");
    Files.writeString(file, "first-pw\n");
    try (RedisServer redis = binary.start("requirepass first-pw");
        Exporter exporter = RunningExporter.start(redis.uri(), "--redis.password-file=" + file,
            "--sampling.enabled=false")) {
      RedisTlsIT.awaitUp(exporter);

      redis.admin().configSet("requirepass", "second-pw");
      rotate(file, "wrong-pw\n");
      try (ResilienceIT.LogCapture log = new ResilienceIT.LogCapture()) {
        assertThat(up(exporter)).as("the open connection is not kept: the new (wrong) password is tried").isZero();
        assertThat(log.warningsMentioning("cannot connect to " + redis.uri()))
            .anyMatch(m -> m.contains("WRONGPASS") && !m.contains("wrong-pw"));
      }

      rotate(file, "second-pw\n");
      RedisTlsIT.awaitUp(exporter);
      assertThat(up(exporter)).isEqualTo(1.0);
    }
  }

  @RedisTest
  void redisExportersPasswordMapGivesThePasswordOfRedisAddr(RedisBinary binary) throws IOException {
    Path map = dir.resolve("passwords.json");
    try (RedisServer redis = binary.start("requirepass map-pw")) {
      Files.writeString(map, "{\"redis://127.0.0.1:1\": \"not-this\", \"" + redis.uri() + "\": \"map-pw\"}");
      try (Exporter exporter = RunningExporter.start(redis.uri(), "--redis.password-map-file=" + map,
          "--sampling.enabled=false")) {
        RedisTlsIT.awaitUp(exporter);

        rotate(map, "{\"redis://127.0.0.1:1\": \"map-pw\"}");
        try (ResilienceIT.LogCapture log = new ResilienceIT.LogCapture()) {
          assertThat(up(exporter)).isZero();
          assertThat(log.warningsMentioning("cannot connect to " + redis.uri()))
              .anyMatch(m -> m.contains("has no entry for " + redis.uri()) && !m.contains("map-pw"));
        }

        rotate(map, "{\"" + redis.uri() + "\": \"map-pw\"}");
        RedisTlsIT.awaitUp(exporter);
      }
    }
  }

  private static double up(Exporter exporter) {
    return Scrape.get(exporter.port(), "/metrics").require("redismem_up");
  }

  private static int rotations;

  private static void rotate(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(++rotations)));
  }
}
